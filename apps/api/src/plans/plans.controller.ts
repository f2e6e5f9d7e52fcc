import { Body, Controller, Get, HttpCode, Param, ParseBoolPipe, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { PlanDraft, PlanState } from '#domain';
import { ApiAuth, CurrentUser, type AuthUser } from '../auth/index.js';
import { planIdPipe } from '../common/params.js';
import { Idempotent } from '../common/idempotency/idempotency.interceptor.js';
import { IdempotencyKey } from '../common/request-headers.js';
import { ParseUnitCodePipe } from '../common/unit-code.pipe.js';
import { PlanView } from '../plan-access/dto/plan.view.js';
import { PlanAccess } from '../plan-access/plan-access.service.js';
import { PlanViewService } from '../plan-access/plan-view.service.js';
import { CreatePlanDto } from './dto/create-plan.dto.js';
import { AmendPlanDto, CancelPlanDto, ExtendForAllDto } from './dto/plan-actions.dto.js';
import { PlanListQuery, PlanSummaryView } from './dto/plan-list.view.js';
import { CreatedPlanView, EventView, LaunchView, PlanDocumentView } from './dto/plan-results.dto.js';
import { PlanListService } from './plan-list.service.js';
import { PlansService } from './plans.service.js';

@ApiTags('plans')
@ApiAuth()
@ApiBadRequestResponse({ description: 'Invalid input; the message names the field' })
@Controller('plans')
export class PlansController {
  constructor(
    private readonly plans: PlansService,
    private readonly access: PlanAccess,
    private readonly views: PlanViewService,
    private readonly lists: PlanListService,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Create a draft plan (a derived plan names its parentPlanId), validated against the units and rules of its date',
  })
  @ApiCreatedResponse({ type: CreatedPlanView })
  @ApiConflictResponse({ description: 'The Idempotency-Key was used for a different request' })
  create(@Body() dto: CreatePlanDto, @CurrentUser() user: AuthUser, @IdempotencyKey() idempotencyKey?: string): Promise<CreatedPlanView> {
    return this.plans.create(dto, user, idempotencyKey);
  }

  @Get()
  @ApiOperation({
    summary: 'The plans you may see, newest first, each with alerts counted over its own units: overdue, returned, awaiting a decision',
    description:
      'A plan is listed when its issuer, a recipient or an implementer is a unit you see (as for GET /plans/{id}); auditors see every plan.',
  })
  @ApiOkResponse({ type: [PlanSummaryView] })
  list(@CurrentUser() user: AuthUser, @Query() query: PlanListQuery): Promise<PlanSummaryView[]> {
    return this.lists.list(user, query);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'The plan and its cascade tree: every unit at every level with its stage, due date and flags, counts per stage',
  })
  @ApiQuery({ name: 'onlyLate', required: false, type: Boolean })
  @ApiOkResponse({ type: PlanView })
  @ApiNotFoundResponse()
  get(
    @Param('id', planIdPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Query('onlyLate', new ParseBoolPipe({ optional: true })) onlyLate?: boolean,
  ): Promise<PlanView> {
    return this.views.view(id, user, { onlyLate: onlyLate ?? false });
  }

  @Get(':id/document')
  @ApiOperation({
    summary: "The plan's document as amended (title, targets, quotas) and its issuer's kind: to fill the amend form and check nominations",
  })
  @ApiOkResponse({ type: PlanDocumentView })
  @ApiNotFoundResponse()
  document(@Param('id', planIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<PlanDocumentView> {
    return this.views.document(id, user);
  }

  @Get(':id/units/:unit/derived-draft')
  @ApiOperation({
    summary:
      "A department's derived plan, pre-filled from this plan (bases, movement, deadlines, its units as recipients), to edit and POST /plans",
  })
  @ApiOkResponse({ type: CreatePlanDto })
  derivedDraft(
    @Param('id', planIdPipe) id: string,
    @Param('unit', ParseUnitCodePipe) unit: string,
    @CurrentUser() user: AuthUser,
  ): Promise<PlanDraft> {
    return this.access.derivedDraft(id, unit, user);
  }

  @Post(':id/launch')
  @HttpCode(202)
  @ApiOperation({ summary: 'Launch the plan: one workflow for the plan, one task per implementing unit. Launching again starts nothing.' })
  @ApiAcceptedResponse({ type: LaunchView })
  launch(@Param('id', planIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<LaunchView> {
    return this.plans.launch(id, user);
  }

  @Post(':id/amend')
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: 'Amend the title, targets or quotas, with a reason that reaches every unit' })
  amend(
    @Param('id', planIdPipe) id: string,
    @Body() dto: AmendPlanDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key?: string,
  ): Promise<PlanState> {
    return this.plans.amend(id, dto, user, key);
  }

  @Post(':id/extend')
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: "Extend one stage's deadline for every unit (gia hạn), with a reason; their timers re-arm" })
  extend(
    @Param('id', planIdPipe) id: string,
    @Body() dto: ExtendForAllDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key?: string,
  ): Promise<PlanState> {
    return this.plans.extendForAll(id, dto, user, key);
  }

  @Post(':id/close')
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the plan: every task below, at every level, closes' })
  close(@Param('id', planIdPipe) id: string, @CurrentUser() user: AuthUser, @IdempotencyKey() key?: string): Promise<PlanState> {
    return this.plans.close(id, user, key);
  }

  @Post(':id/cancel')
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel the plan with a reason: every task below, at every level, is cancelled' })
  cancel(
    @Param('id', planIdPipe) id: string,
    @Body() dto: CancelPlanDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key?: string,
  ): Promise<PlanState> {
    return this.plans.cancel(id, dto.reason, user, key);
  }

  @Get(':id/events')
  @ApiOperation({ summary: "The plan's history from the event store, in global order" })
  @ApiOkResponse({ type: [EventView] })
  events(@Param('id', planIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<EventView[]> {
    return this.plans.events(id, user);
  }
}
