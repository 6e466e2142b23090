/**
 * JSON Schemas of Open311 GeoReport v2 responses, written from the spec (wiki.open311.org/GeoReport_v2) and
 * mySociety's servicerequestupdates extension, for the contract tests. `xmlFlavour` derives the XML side's
 * schema: in XML every value is text, so booleans and integers become strings of that form.
 */

type Schema = Record<string, unknown>;

/** W3C datetime in UTC with Z, whole seconds (what we promise). */
const W3C_UTC = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$';
const str = { type: 'string' };
const nonEmpty = { type: 'string', minLength: 1 };
const datetime = { type: 'string', pattern: W3C_UTC };
const datetimeOrEmpty = { type: 'string', pattern: `${W3C_UTC}|^$` };
const decimalOrEmpty = { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$|^$' };

const object = (required: string[], properties: Record<string, Schema>): Schema => ({
  type: 'object',
  required,
  properties,
  additionalProperties: false,
});
const list = (item: Schema, minItems = 0): Schema => ({ type: 'array', items: item, minItems });

export const discoverySchema = object(['changeset', 'contact', 'key_service', 'endpoints'], {
  changeset: datetime,
  contact: nonEmpty,
  key_service: nonEmpty,
  endpoints: list(
    object(['specification', 'url', 'changeset', 'type', 'formats'], {
      specification: nonEmpty,
      url: { type: 'string', pattern: '^https?://' },
      changeset: datetime,
      type: { enum: ['production', 'test'] },
      formats: list({ enum: ['text/xml', 'application/json'] }, 1),
    }),
    1,
  ),
});

export const servicesSchema = list(
  object(['service_code', 'service_name', 'metadata', 'type'], {
    service_code: nonEmpty,
    service_name: nonEmpty,
    description: str,
    metadata: { type: 'boolean' },
    type: { enum: ['realtime', 'batch', 'blackbox'] },
    keywords: str,
    group: str,
  }),
  1,
);

export const serviceDefinitionSchema = object(['service_code', 'attributes'], {
  service_code: nonEmpty,
  attributes: list(
    object(['variable', 'code', 'datatype', 'required', 'order', 'description'], {
      variable: { type: 'boolean' },
      code: nonEmpty,
      datatype: { enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] },
      required: { type: 'boolean' },
      datatype_description: str,
      order: { type: 'integer' },
      description: nonEmpty,
      values: list(object(['key', 'name'], { key: nonEmpty, name: nonEmpty })),
    }),
  ),
});

export const requestSchema = object(['service_request_id', 'status', 'service_code', 'requested_datetime'], {
  service_request_id: nonEmpty,
  status: { enum: ['open', 'closed'] },
  status_notes: str,
  service_name: str,
  service_code: nonEmpty,
  description: str,
  agency_responsible: str,
  service_notice: str,
  requested_datetime: datetime,
  updated_datetime: datetimeOrEmpty,
  expected_datetime: datetimeOrEmpty,
  address: str,
  address_id: str,
  zipcode: str,
  lat: decimalOrEmpty,
  long: decimalOrEmpty,
  media_url: { type: 'string', pattern: '^https?://|^$' },
});
export const requestsSchema = list(requestSchema);

export const createdSchema = list(
  object(['service_request_id'], {
    service_request_id: nonEmpty,
    token: str,
    service_notice: str,
    account_id: str,
  }),
  1,
);
export const tokenSchema = list(
  object(['service_request_id', 'token'], { service_request_id: nonEmpty, token: nonEmpty }),
  1,
);

/** Written from mySociety's list, not imported from src/: the contract cannot agree with the code by construction. */
export const UPDATE_STATUS_VALUES = [
  'OPEN',
  'CLOSED',
  'FIXED',
  'IN_PROGRESS',
  'ACTION_SCHEDULED',
  'INVESTIGATING',
  'DUPLICATE',
  'NOT_COUNCILS_RESPONSIBILITY',
  'NO_FURTHER_ACTION',
  'INTERNAL_REFERRAL',
  'REOPEN',
];
export const updatesSchema = list(
  object(['update_id', 'service_request_id', 'status', 'updated_datetime', 'description'], {
    update_id: nonEmpty,
    service_request_id: nonEmpty,
    status: { enum: UPDATE_STATUS_VALUES },
    updated_datetime: datetime,
    description: str,
    media_url: str,
  }),
);
export const updateCreatedSchema = list(object(['update_id'], { update_id: nonEmpty }), 1);

export const errorsSchema = list(
  object(['code', 'description'], { code: { type: 'integer' }, description: nonEmpty }),
  1,
);

/** The same schema for values read from XML text. */
export function xmlFlavour(schema: Schema): Schema {
  if (schema.type === 'boolean') return { type: 'string', enum: ['true', 'false'] };
  if (schema.type === 'integer') return { type: 'string', pattern: '^-?\\d+$' };
  const out: Schema = { ...schema };
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties as Record<string, Schema>).map(([k, v]) => [k, xmlFlavour(v)]),
    );
  }
  if (schema.items) out.items = xmlFlavour(schema.items as Schema);
  return out;
}
