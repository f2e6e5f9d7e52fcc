import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBase64, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { IsPlainText, OptionalButNotNull } from '../../common/validation.js';

/** Either the document's text as pasted, or the .docx file itself (base64). */
export class ImportPlanDto {
  @ApiPropertyOptional({ description: "The plan document's text as pasted (NFC or NFD, hard-wrapped, markdown emphasis are all fine)" })
  @OptionalButNotNull()
  // Windows line ends are ordinary in pasted text; the control-character check below would refuse the "\r".
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : value))
  @IsString()
  @Length(1, 500_000)
  @IsPlainText()
  text?: string;

  @ApiPropertyOptional({ description: 'The plan as a Word document (.docx), base64-encoded; at most 3 MB' })
  @OptionalButNotNull()
  @IsString()
  @MaxLength(4_000_000, { message: 'docx must be at most 3 MB (4,000,000 base64 characters)' })
  @IsBase64({}, { message: 'docx must be the .docx file encoded in base64' })
  docx?: string;
}

export class DerivedDocumentQuery {
  @ApiPropertyOptional({ enum: ['docx', 'markdown'], default: 'docx' })
  @IsOptional()
  @IsIn(['docx', 'markdown'], { message: 'format must be "docx" or "markdown"' })
  format?: 'docx' | 'markdown';
}
