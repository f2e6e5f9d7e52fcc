import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { ImportPlanDto } from './import-plan.dto.js';

/** The API's global pipe, configured as in app.factory.ts. */
const pipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
async function refusal(body: unknown): Promise<string[] | undefined> {
  try {
    await pipe.transform(body, { type: 'body', metatype: ImportPlanDto });
    return undefined;
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    return (error.getResponse() as { message: string[] }).message;
  }
}

describe('ImportPlanDto', () => {
  it('refuses a null text or docx with a 400 naming the field, where an absent field is allowed', async () => {
    expect(await refusal({ text: null })).toContain('text must be a string');
    expect(await refusal({ docx: null, text: 'KẾ HOẠCH' })).toContain('docx must be a string');
    expect(await refusal({ text: 'KẾ HOẠCH' })).toBeUndefined();
    expect(await refusal({ docx: 'UEs=' })).toBeUndefined();
  });
});
