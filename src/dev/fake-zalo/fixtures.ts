/**
 * The few Zalo response bodies the fake answers with, copied from `../shared/zalo/fixtures/` (named after each
 * constant) because src/ must run in a Docker image that has no ../shared. The fake-zalo integration test checks
 * every copy against its file, so a fixture change cannot drift silently.
 */

export type ZaloErrorBody = { readonly error: number; readonly message: string };

/** `send_message.err_*.json`: Zalo's own texts, HTTP 200 (docs/zalo.md §0.2, §3.3). */
export const zaloErrors = {
  /** send_message.err_rate_limited.json */
  rateLimited: { error: -32, message: 'Your application reached limit call api' },
  /** send_message.err_attachment_expired.json */
  attachmentExpired: { error: -100, message: 'attachment_id was expired' },
  /** send_message.err_send_failed.json */
  sendFailed: { error: -200, message: 'Send message failed' },
  /** send_message.err_invalid_param.json: the field name varies (`<field> is invalid!`). */
  invalidParam: { error: -201, message: 'user_id is invalid!' },
  /** send_message.err_quota.json */
  quota: { error: -211, message: 'Out of quota' },
  /** send_message.err_not_follower.json */
  notFollower: { error: -213, message: 'User has not followed OA' },
  /** send_message.err_token_invalid.json */
  tokenInvalid: { error: -216, message: 'Access token is invalid' },
  /** send_message.err_blocked_invitation.json */
  blockedInvitation: { error: -217, message: 'User has blocked invitation from OA' },
  /** send_message.err_quota_receive.json */
  quotaReceive: { error: -218, message: 'Out of quota receive' },
  /** send_message.err_token_expired.json */
  tokenExpired: { error: -220, message: 'access_token is expired or removed' },
  /** send_message.err_oa_not_authorized.json */
  oaNotAuthorized: { error: -223, message: 'Official Account has not authorized this API' },
  /** send_message.err_oa_package.json */
  oaPackage: { error: -224, message: 'The OA needs to upgrade OA Tier Package' },
  /** send_message.err_user_inactive.json */
  userInactive: { error: -227, message: 'User is banned or has been inactive for more than 45 days' },
  /** send_message.err_not_interacted_7d.json */
  notInteracted7d: { error: -230, message: 'User has not interacted with the OA in the past 7 days' },
  /** send_message.err_interaction_expired.json */
  interactionExpired: {
    error: -232,
    message: 'User has not interacted with the OA, or the last interaction has expired',
  },
  /** send_message.err_night.json */
  night: { error: -234, message: 'This message cannot be sent at night (10:00PM - 6:00AM)' },
  /** send_message.err_v2_shutdown.json */
  v2Shutdown: { error: -240, message: 'MessageV2 API has been shut down, please switch to MessageV3' },
  /** send_message.err_user_restricted.json */
  userRestricted: { error: -244, message: 'User has restricted this message type from your OA' },
} as const satisfies Record<string, ZaloErrorBody>;

/** Zalo's text for a known code, so an injected `{ zaloError: -230 }` reads like the real answer. */
export function zaloErrorMessage(code: number): string | undefined {
  return Object.values(zaloErrors).find((e) => e.error === code)?.message;
}

/** `-201 "<field> is invalid!"` (docs/zalo.md §3.3). */
export function invalidParam(field: string): ZaloErrorBody {
  return { error: zaloErrors.invalidParam.error, message: `${field} is invalid!` };
}

/** refresh_token.err_invalid.json: the OAuth server's error shape (no `message`; docs/zalo.md §5). */
export const refreshTokenInvalid = {
  error_name: 'Invalid refresh token',
  error_reason: '',
  ref_doc: 'https://developers.zalo.me/docs/official-account/bat-dau/xac-thuc-va-uy-quyen-cho-ung-dung-new',
  error_description: '',
  error: -14014,
} as const;

/** send_message.ok.json `data.quota`: a consultation reply inside the free window (docs/zalo.md §3.2). */
export const replyQuota = { quota_type: 'reply', remain: '8', total: '8' } as const;

/** user_detail.ok.json `data`: the default profile; `setUser` overrides fields (docs/zalo.md §7). */
export const userDetailData = {
  user_id: '3000000000000000003',
  user_id_by_app: '4000000000000000004',
  user_external_id: '',
  display_name: 'Nguyễn Văn Giả',
  user_alias: '',
  is_sensitive: false,
  user_last_interaction_date: '01/01/2026',
  user_is_follower: true,
  avatar: 'https://zalo-cdn.example.invalid/avatar/fake-120.jpg',
  avatars: {
    '120': 'https://zalo-cdn.example.invalid/avatar/fake-120.jpg',
    '240': 'https://zalo-cdn.example.invalid/avatar/fake-240.jpg',
  },
  dynamic_param: '',
  tags_and_notes_info: { notes: [], tag_names: [] },
  shared_info: {
    address: 'Số 1 đường Thử Nghiệm',
    city: 'Hà Nội',
    district: 'Huyện Giả Định',
    phone: '84900000001',
    name: 'Nguyễn Văn Giả',
  },
} as const;

/** getoa.ok.json `data` (docs/zalo.md §7). */
export const getOaData = {
  oa_id: '2000000000000000002',
  name: 'UBND Xã Thử Nghiệm (fake)',
  description: 'OA giả lập cho kiểm thử',
  oa_alias: '',
  is_verified: true,
  oa_type: 2,
  cate_name: 'Cơ quan nhà nước',
  num_follower: 1234,
  avatar: 'https://zalo-cdn.example.invalid/oa/avatar.jpg',
  cover: 'https://zalo-cdn.example.invalid/oa/cover.jpg',
  package_name: 'fake package',
  package_valid_through_date: '31/12/2026',
  package_auto_renew_date: '',
  linked_ZCA: '',
} as const;
