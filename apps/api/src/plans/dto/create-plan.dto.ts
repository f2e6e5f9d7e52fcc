import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length, Matches } from 'class-validator';
import { UNIT_CODE_PATTERN } from '#domain';
import { IsDeadline, IsPlainText, NormalizedText } from '../../common/validation.js';

const UNIT_CODE_MESSAGE = 'must be a unit code such as SNGV or SNGV.VP (upper-case letters, digits, ".", "-", "_"); GET /units lists them';

export class CreatePlanDto {
  @ApiProperty({ example: '119/KH-UBND', description: 'Số/ký hiệu of the plan' })
  @NormalizedText()
  @IsString()
  @Matches(/^\d*\/[\p{Lu}\d-]+$/u, { message: 'numberSymbol must look like "119/KH-UBND" (number, "/", symbol)' })
  numberSymbol!: string;

  @ApiProperty({ example: 'Phát động phong trào thi đua "Toàn dân bảo vệ an ninh Tổ quốc" năm 2022' })
  @NormalizedText()
  @IsString()
  @Length(3, 500)
  @IsPlainText()
  title!: string;

  @ApiProperty({ example: 'TINH', description: 'Code of the issuing unit' })
  @IsString()
  @Matches(UNIT_CODE_PATTERN, { message: `issuingUnit ${UNIT_CODE_MESSAGE}` })
  issuingUnit!: string;

  @ApiProperty({ example: ['SNGV', 'SGDDT'], description: 'Codes of the recipient units (Nơi nhận) that must act on the plan' })
  @IsArray()
  @ArrayMinSize(1, { message: 'recipients must name at least one unit' })
  @ArrayMaxSize(2000)
  @Matches(UNIT_CODE_PATTERN, { each: true, message: `each of recipients ${UNIT_CODE_MESSAGE}` })
  recipients!: string[];

  @ApiProperty({
    example: '2022-04-28T00:00:00+07:00',
    description: "When the recipients' task closes: a date (2022-11-30 = until the end of that day, Vietnam time) or a date-time with its zone",
  })
  @IsDeadline()
  deadline!: string;
}
