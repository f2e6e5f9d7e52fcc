import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** `:id` of a plan, with a message that says what was expected. */
export const planIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException('The plan id in the path must be a UUID, as returned by POST /plans'),
});
