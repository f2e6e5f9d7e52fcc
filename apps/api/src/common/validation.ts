import { Transform, Type } from 'class-transformer';
import { registerDecorator, ValidateIf, ValidateNested, type ValidationArguments } from 'class-validator';
import { isObject } from '#domain';

// Control characters (other than tab and newline) cannot be stored in jsonb or shown to a person.
// eslint-disable-next-line no-control-regex -- finding them is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/;
// Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) make a reason or a title read
// otherwise than it is stored ("Trojan Source"), and Vietnamese never needs them. The invisible marks U+200E, U+200F
// and U+061C stay allowed: they reorder no letters, and text pasted from word processors may carry them.
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

/** True for text a person could have typed: well-formed Unicode without control or bidirectional-override characters. */
export const isPlainText = (value: unknown): value is string =>
  typeof value === 'string' && value.isWellFormed() && !CONTROL.test(value) && !BIDI_CONTROL.test(value);

/**
 * An optional field that, when present, must not be null: the field's other rules then apply. @IsOptional() would let
 * null through as if absent, for the service to read it (a 500).
 */
export const OptionalButNotNull = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** Trims and normalises to NFC, so that text pasted in NFD (common from Vietnamese keyboards and PDFs) compares equal. */
export const NormalizedText = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value));

export function IsPlainText(): PropertyDecorator {
  return (target: object, key: string | symbol) =>
    registerDecorator({
      name: 'isPlainText',
      target: target.constructor,
      propertyName: String(key),
      options: { message: `${String(key)} must be text without control characters` },
      validator: { validate: isPlainText },
    });
}

/**
 * A nested object (or, with `each`, a required list of them) of class `type`, validated field by field, with one
 * message per problem: "signer must be an object", "phases must be a list", "recipients.0 must be an object",
 * "recipients must have at least 1 item(s)"; the fields inside report themselves ("milestones.registration.date …").
 */
export function Nested(type: () => new () => object, options: { each?: boolean; min?: number; max?: number } = {}) {
  const { each = false, min = 0, max = 100 } = options;
  const shape = each ? 'a list' : 'an object';
  return (target: object, propertyName: string) => {
    Type(type)(target, propertyName);
    // What class-validator would otherwise validate as if it had the right shape becomes something it reports
    // plainly: in a list, an item that is not an object (its index is named below) or an object where the list
    // belongs (undefined: "must be a list"); for an object, a list where it belongs (false: "must be an object").
    Transform(
      ({ value }: { value: unknown }) =>
        each
          ? Array.isArray(value)
            ? value.map((item) => (isObject(item) ? item : undefined))
            : isObject(value)
              ? undefined
              : value
          : Array.isArray(value)
            ? false
            : value,
      { toClassOnly: true },
    )(target, propertyName);
    // Reports a value of the wrong kind that is not an object (null, a string, a number); skips undefined.
    ValidateNested({ each, message: `$property must be ${shape}` })(target, propertyName);
    // Reports a missing value, a list's length and its items that are not objects.
    registerDecorator({
      name: 'nestedShape',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) =>
          value !== undefined &&
          (!Array.isArray(value) || (value.length >= min && value.length <= max && value.every((item) => item !== undefined))),
        defaultMessage: (args?: ValidationArguments) => {
          const value: unknown = args?.value;
          if (!Array.isArray(value)) return `${propertyName} must be ${shape}`;
          if (value.length < min) return `${propertyName} must have at least ${min} item(s)`;
          if (value.length > max) return `${propertyName} must have at most ${max} items`;
          const bad = value.flatMap((item, i) => (item === undefined ? [`${propertyName}.${i}`] : []));
          return `${bad.join(', ')} must be ${bad.length > 1 ? 'objects' : 'an object'}`;
        },
      },
    });
  };
}

/**
 * A validated body as the plain data its class declares: a DTO that `implements` a domain type (CreatePlanDto is a
 * PlanDraft) becomes that value. class-transformer builds instances of the DTO classes, whose declared fields are own
 * properties even where the request left them out (`undefined`), which a spread (`{ ...draft, ...changes }`) or
 * Object.keys would take for values; this is the JSON that the event store keeps of it, nested classes as plain objects.
 * For DTO classes, which have no methods.
 */
export const plainOf = <T extends object>(dto: T): T => JSON.parse(JSON.stringify(dto)) as T;
