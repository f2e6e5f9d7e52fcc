import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { registerDecorator, type ValidationArguments } from 'class-validator';
import { DATE_TIME_WITH_ZONE, instantProblem } from '#domain';

/** What the OpenAPI document says of every instant field; the pattern is the domain's own (a client checks what the API does). */
const INSTANT_SCHEMA = {
  type: String,
  format: 'date-time',
  pattern: DATE_TIME_WITH_ZONE.source,
  example: '2027-07-01T09:00:00+07:00',
} as const;

/**
 * An instant with its zone offset, read by the domain's one parser (calendar.ts parseInstant): week, ordinal and
 * compact forms, and a time without an offset (which would be read in the server's zone), are a 400 that says so.
 */
export function IsInstant(options: { description?: string; required?: boolean } = {}) {
  const { description, required = true } = options;
  const validator = (target: object, key: string | symbol) => {
    const propertyName = String(key);
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName,
      // Absent optional fields are left to @IsOptional (which skips every validator) or reported as required.
      validator: {
        validate: (value: unknown) => instantProblem(value) === undefined,
        defaultMessage: (args?: ValidationArguments) => `${propertyName} ${instantProblem(args?.value)}`,
      },
    });
  };
  const schema: ApiPropertyOptions = { ...INSTANT_SCHEMA, required, ...(description ? { description } : {}) };
  return applyDecorators(ApiProperty(schema), validator);
}
