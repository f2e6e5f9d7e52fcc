import { Module } from '@nestjs/common';
import { PlanAccessModule } from '../plan-access/plan-access.module.js';
import { PlanDraftStream } from './plan-draft-stream.js';
import { PlanListService } from './plan-list.service.js';
import { PlansController } from './plans.controller.js';
import { PlansService } from './plans.service.js';

@Module({
  imports: [PlanAccessModule],
  controllers: [PlansController],
  providers: [PlansService, PlanDraftStream, PlanListService],
})
export class PlansModule {}
