import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { ImportedPlan } from '#documents';
import { ApiAuth, CurrentUser, Roles, type AuthUser } from '../auth/index.js';
import { planIdPipe } from '../common/params.js';
import { ParseUnitCodePipe } from '../common/unit-code.pipe.js';
import { DocumentsService } from './documents.service.js';
import { DerivedDocumentQuery, ImportPlanDto } from './dto/import-plan.dto.js';

@ApiTags('plan documents')
@ApiAuth()
@Roles('board', 'department')
@Controller('plans')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Read a plan document (text or .docx) into its fields, each with the span it came from, what is absent, the document's own inconsistencies, and a draft to check and POST to /plans",
  })
  @ApiOkResponse({ description: 'The imported plan; nothing is created' })
  import(@Body() dto: ImportPlanDto, @CurrentUser() user: AuthUser): Promise<ImportedPlan> {
    return this.documents.import(dto, user);
  }

  @Get(':id/units/:unit/derived-document')
  @ApiOperation({
    summary: "The unit's derived plan as a Decree 30 document (DOCX, or Markdown to preview), pre-filled from this plan, to edit and sign",
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'text/markdown')
  async derivedDocument(
    @Param('id', planIdPipe) id: string,
    @Param('unit', ParseUnitCodePipe) unit: string,
    @Query() query: DerivedDocumentQuery,
    @CurrentUser() user: AuthUser,
  ): Promise<StreamableFile> {
    const { body, type, filename } = await this.documents.derivedDocument(id, unit, user, query.format ?? 'docx');
    return new StreamableFile(body, { type, disposition: `attachment; filename="${filename}"`, length: body.length });
  }
}
