import { Transform } from 'class-transformer';
import { registerDecorator, ValidateIf } from 'class-validator';

// Control characters (other than tab and newline) cannot be stored in jsonb or shown to a person.
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
export const NormalizedText = () => Transform(({ value }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value));

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
