import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { registerDecorator } from 'class-validator';
import { isStageId, STAGE_ID_EXAMPLES, STAGE_ID_MAX_LENGTH } from '#domain';

const MESSAGE = `must be a stage id (${STAGE_ID_EXAMPLES}) of at most ${STAGE_ID_MAX_LENGTH} characters`;

/** `:stage` of a task's path: refused here with a 400, so that no workflow is asked about a stage that cannot exist. */
@Injectable()
export class ParseStageIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isStageId(value)) throw new BadRequestException({ code: 'INVALID_STAGE_ID', message: `The stage in the path ${MESSAGE}` });
    return value;
  }
}

/** The same rule for a stage id in a body. */
export function IsStageId() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isStageId',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} ${MESSAGE}` },
      validator: { validate: isStageId },
    });
}
