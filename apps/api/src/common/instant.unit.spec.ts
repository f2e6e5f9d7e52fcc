import 'reflect-metadata';
import { instantProblem } from '#domain';
import { IsInstant } from './instant.js';

class WithInstant {
  @IsInstant() at!: string;
}

/** The schema @nestjs/swagger writes into the OpenAPI document for the field (its metadata key). */
const documented = Reflect.getMetadata('swagger/apiModelProperties', WithInstant.prototype, 'at') as { pattern: string };

describe('IsInstant in the OpenAPI document', () => {
  it.each([
    '2027-07-01T09:00:00+07:00',
    '2027-07-01T02:00Z',
    '2027-07-01T23:59:59.123456789-14:00',
    '2027-07-01T99:00:00+07:00',
    '2027-07-01T09:00:00+99:00',
    '2027-07-01T09:60:00Z',
    '2027-07-01T09:00:00',
  ])('documents the form the API takes, so a client accepts exactly what the API does: %s', (value) => {
    expect(new RegExp(documented.pattern).test(value)).toBe(instantProblem(value) === undefined);
  });
});
