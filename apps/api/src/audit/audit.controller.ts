import { Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiAuth, CurrentUser, ReadOnly, Roles, type AuthUser } from '../auth/index.js';
import { planIdPipe } from '../common/params.js';
import { AuditService } from './audit.service.js';
import { AsOfQuery, DiffQuery, TimelineQuery, VerifyQuery } from './dto/audit-queries.dto.js';
import { AsOfView, TimelineView, VerificationView } from './dto/audit-views.dto.js';

/** The inspector's endpoints: read-only, for auditors (every plan) and boards (their own plans). */
@ApiTags('audit')
@ApiAuth()
@Roles('auditor', 'board')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('plans/:id/timeline')
  @ApiOperation({
    summary: "The plan's and its cascade's events: time (also in Vietnam time), actor, unit, action, reason, version; filtered, paginated",
  })
  @ApiOkResponse({ type: TimelineView })
  timeline(@Param('id', planIdPipe) id: string, @Query() query: TimelineQuery, @CurrentUser() user: AuthUser) {
    return this.audit.timeline(id, user, query);
  }

  @Get('plans/:id/as-of')
  @ApiOperation({ summary: 'The cascade tree as it stood at an instant (?at=) or a plan version (?version=), folded from the events' })
  @ApiOkResponse({ type: AsOfView })
  asOf(@Param('id', planIdPipe) id: string, @Query() query: AsOfQuery, @CurrentUser() user: AuthUser) {
    return this.audit.asOf(id, user, query);
  }

  @Get('plans/:id/diff')
  @ApiOperation({
    summary: 'What changed between two instants, plan by plan and unit by unit, with the events (who, when, why) that changed it',
  })
  diff(@Param('id', planIdPipe) id: string, @Query() query: DiffQuery, @CurrentUser() user: AuthUser) {
    return this.audit.diff(id, user, query);
  }

  @Get('plans/:id/bundle')
  @ApiOperation({
    summary:
      'The signed audit bundle (NDJSON) of the plan and its cascade; verify it offline with `npm run cli -- audit verify-bundle FILE`',
  })
  @ApiProduces('application/x-ndjson')
  async bundle(@Param('id', planIdPipe) id: string, @CurrentUser() user: AuthUser, @Res() response: Response): Promise<void> {
    const bundle = await this.audit.bundle(id, user);
    response.status(200).type('application/x-ndjson; charset=utf-8').attachment(`plan-${id}.audit.ndjson`).send(bundle);
  }

  @Get('verify')
  @ApiOperation({ summary: 'Verify hash chains and signed checkpoints: of everything, or of one plan and its cascade (?plan=)' })
  @ApiOkResponse({ type: VerificationView })
  verify(@Query() query: VerifyQuery) {
    return this.audit.verify(query.plan);
  }

  @Post('checkpoints')
  @ReadOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign a checkpoint over every event recorded since the last one, now (changes no plan)' })
  checkpoint() {
    return this.audit.checkpoint();
  }

  @Get('public-key')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOkResponse({ description: "The checkpoint key's public half and its fingerprint, to publish and to pin when verifying bundles" })
  publicKey() {
    return this.audit.publicKey();
  }
}
