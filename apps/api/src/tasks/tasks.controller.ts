import { Body, Controller, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiGatewayTimeoutResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { UnitTaskState } from '#domain';
import { ApiAuth, CurrentUser, type AuthUser } from '../auth/index.js';
import { planIdPipe } from '../common/params.js';
import { Idempotent } from '../common/idempotency/idempotency.interceptor.js';
import { IdempotencyKey } from '../common/request-headers.js';
import { ParseStageIdPipe } from '../common/stage-id.pipe.js';
import { ParseUnitCodePipe } from '../common/unit-code.pipe.js';
import { ConferDto, DecideDto, DecideNomineeDto, ExtendStageDto, SubmitDto } from './dto/task-actions.dto.js';
import { TasksService } from './tasks.service.js';

@ApiTags('tasks')
@ApiAuth()
@Idempotent()
@ApiBadRequestResponse({ description: 'Invalid input, named' })
@ApiConflictResponse({
  description:
    'Not possible in the stage or state the task is in, or the Idempotency-Key was used for a different request; the message says why',
})
@ApiNotFoundResponse({ description: 'No such plan, or the unit has no task in it' })
@ApiGatewayTimeoutResponse({ description: 'Not confirmed in time; it may still be recorded' })
@Controller('plans/:id/units/:unit/stages/:stage')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Post('submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'The unit submits a stage: registration (titles), a review report (summary) or its nominations' })
  submit(
    @Param('id', planIdPipe) id: string,
    @Param('unit', ParseUnitCodePipe) unit: string,
    @Param('stage', ParseStageIdPipe) stage: string,
    @Body() dto: SubmitDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key?: string,
  ): Promise<UnitTaskState> {
    return this.tasks.submit(id, unit, stage, dto, user, key);
  }

  @Post('decide')
  @HttpCode(200)
  @ApiOperation({ summary: 'The issuer accepts a submission, or returns it with a reason the unit can act on' })
  decide(
    @Param('id', planIdPipe) id: string,
    @Param('unit', ParseUnitCodePipe) unit: string,
    @Param('stage', ParseStageIdPipe) stage: string,
    @Body() dto: DecideDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key?: string,
  ): Promise<UnitTaskState> {
    return this.tasks.decide(id, unit, stage, dto, user, key);
  }

  @Post('nominees/:number/decide')
  @HttpCode(200)
  @ApiOperation({ summary: 'The issuer approves, returns or rejects one nominee (numbered from 1)' })
  decideNominee(
    @Param('id', planIdPipe) id: string,
    @Param('unit', ParseUnitCodePipe) unit: string,
    @Param('stage', ParseStageIdPipe) stage: string,
    @Param('number', ParseIntPipe) number: number,
    @Body() dto: DecideNomineeDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key?: string,
  ): Promise<UnitTaskState> {
    return this.tasks.decideNominee(id, unit, stage, number, dto, user, key);
  }

  @Post('confer')
  @HttpCode(200)
  @ApiOperation({ summary: 'The issuer confers the approved awards within its authority and forwards the higher ones upward' })
  confer(
    @Param('id', planIdPipe) id: string,
    @Param('unit', ParseUnitCodePipe) unit: string,
    @Param('stage', ParseStageIdPipe) stage: string,
    @Body() dto: ConferDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key?: string,
  ): Promise<UnitTaskState> {
    return this.tasks.confer(id, unit, stage, dto, user, key);
  }

  @Post('extend')
  @HttpCode(200)
  @ApiOperation({ summary: "The issuer extends this unit's deadline for the stage, with a reason; its timers re-arm" })
  extend(
    @Param('id', planIdPipe) id: string,
    @Param('unit', ParseUnitCodePipe) unit: string,
    @Param('stage', ParseStageIdPipe) stage: string,
    @Body() dto: ExtendStageDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key?: string,
  ): Promise<UnitTaskState> {
    return this.tasks.extend(id, unit, stage, dto, user, key);
  }
}
