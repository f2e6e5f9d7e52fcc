import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { UNIT_CODE_PATTERN } from '#domain';

@Injectable()
export class ParseUnitCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UNIT_CODE_PATTERN.test(value)) {
      throw new BadRequestException(
        `"${value}" is not a unit code: use upper-case letters, digits, ".", "-" or "_", such as SNGV or SNGV.VP`,
      );
    }
    return value;
  }
}
