import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGatewayTimeoutResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { planIdPipe } from '../common/params.js';
import { ApiAuth, CurrentUser, type AuthUser } from '../auth/index.js';
import { IdempotencyKey } from '../common/request-headers.js';
import { ParseUnitCodePipe } from '../common/unit-code.pipe.js';
import { CreatePlanDto } from './dto/create-plan.dto.js';
import { AcknowledgementView, EventView, LaunchView, PlanView } from './dto/plan.view.js';
import { PlansService } from './plans.service.js';

@ApiTags('plans')
@ApiAuth()
@ApiBadRequestResponse({ description: 'Invalid input; the message names the field' })
@Controller('plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Post()
  @ApiOperation({ summary: 'Create a draft plan' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retrying with the same key and body returns the same plan' })
  @ApiCreatedResponse({ type: PlanView })
  @ApiConflictResponse({ description: 'The Idempotency-Key was used for a different plan' })
  create(@Body() dto: CreatePlanDto, @CurrentUser() user: AuthUser, @IdempotencyKey() idempotencyKey?: string): Promise<PlanView> {
    return this.plans.create(dto, user, idempotencyKey);
  }

  @Get(':id')
  @ApiOperation({ summary: "A plan with each recipient unit's task state" })
  @ApiOkResponse({ type: PlanView })
  @ApiNotFoundResponse()
  get(@Param('id', planIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<PlanView> {
    return this.plans.view(id, user);
  }

  @Post(':id/launch')
  @HttpCode(202)
  @ApiOperation({ summary: 'Launch the plan: one workflow for the plan, one child per recipient unit. Launching again starts nothing.' })
  @ApiAcceptedResponse({ type: LaunchView })
  launch(@Param('id', planIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<LaunchView> {
    return this.plans.launch(id, user);
  }

  @Post(':id/units/:unit/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'A recipient unit acknowledges its task (a Temporal Update; a second acknowledgement is refused)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retrying with the same key returns the first answer' })
  @ApiOkResponse({ type: AcknowledgementView })
  @ApiConflictResponse({ description: 'Already acknowledged, or not yet assigned' })
  @ApiNotFoundResponse({ description: 'No such plan, or the unit is not one of its recipients' })
  @ApiGatewayTimeoutResponse({ description: 'Not confirmed in time; it may still be recorded' })
  acknowledge(
    @Param('id', planIdPipe) id: string,
    @Param('unit', ParseUnitCodePipe) unit: string,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() idempotencyKey?: string,
  ): Promise<AcknowledgementView> {
    return this.plans.acknowledge(id, unit, user, idempotencyKey);
  }

  @Get(':id/events')
  @ApiOperation({ summary: "The plan's history from the event store, in global order" })
  @ApiOkResponse({ type: [EventView] })
  events(@Param('id', planIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<EventView[]> {
    return this.plans.events(id, user);
  }
}
