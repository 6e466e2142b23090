import type { CaseType, Id } from './workflow';

/**
 * A commune's routing rule: cases of a category (optionally only those in one residential area) go to an agency
 * with a deadline in working days. `areaId: null` is the category-wide rule.
 */
export interface RoutingRule {
  readonly categoryId: Id;
  readonly areaId: Id | null;
  readonly agencyId: Id;
  readonly deadlineWorkingDays: number;
}

export interface RouteDecision {
  readonly agencyId: Id;
  readonly deadlineWorkingDays: number;
  /** `category_area` when an area-specific rule matched, `category` for the category-wide rule. */
  readonly matchedBy: 'category_area' | 'category';
  readonly rule: RoutingRule;
}

/**
 * Routes a case by the commune's rules: a rule for the case's category and area wins over the category-wide
 * rule; with no matching rule (or no category yet) it returns null and the reception officer decides. When an
 * admin has left two rules for the same key, the first one in the list wins, so the result is deterministic in
 * the order the rules are loaded.
 */
export function routeCase(
  rules: readonly RoutingRule[],
  categoryId: Id | null,
  areaId: Id | null,
): RouteDecision | null {
  if (categoryId === null) return null;
  const forCategory = rules.filter((rule) => rule.categoryId === categoryId);
  const specific = areaId === null ? undefined : forCategory.find((rule) => rule.areaId === areaId);
  if (specific !== undefined) return decision(specific, 'category_area');
  const general = forCategory.find((rule) => rule.areaId === null);
  return general === undefined ? null : decision(general, 'category');
}

function decision(rule: RoutingRule, matchedBy: RouteDecision['matchedBy']): RouteDecision {
  return { agencyId: rule.agencyId, deadlineWorkingDays: rule.deadlineWorkingDays, matchedBy, rule };
}

/**
 * What decides where a case goes, by its type (issue 11, VIETNAM.md §1.6):
 * - ordinary feedback follows the commune's rules (`routeCase`);
 * - complaints and denunciations are held for reception and the chairman, never sent to the category's agency
 *   (the accused may work there; Law 25/2018 Art. 47, 56);
 * - crime tips go to the commune police (Criminal Procedure Code), procedure questions to the Public
 *   Administration Service Center, as the resident is told, by the agencies' stable codes (domain/case/defaults.ts);
 * - emergencies are not routed: the on-duty officers were alerted when the case was filed.
 */
export type TypeRoute =
  | { readonly kind: 'rules' }
  | { readonly kind: 'hold' }
  | { readonly kind: 'agency'; readonly agencyCode: string }
  | { readonly kind: 'alerted' };

export function routeByType(caseType: CaseType): TypeRoute {
  switch (caseType) {
    case 'feedback':
      return { kind: 'rules' };
    case 'complaint':
    case 'denunciation':
      return { kind: 'hold' };
    case 'crime_tip':
      return { kind: 'agency', agencyCode: 'cong-an' };
    case 'procedure':
      return { kind: 'agency', agencyCode: 'hanh-chinh-cong' };
    case 'emergency':
      return { kind: 'alerted' };
  }
}
