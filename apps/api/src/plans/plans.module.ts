import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlanEntity, UnitEntity, UnitTaskEntity } from '#persistence';
import { PlanDraftsService } from './plan-drafts.service.js';
import { PlanListService } from './plan-list.service.js';
import { PlanViewService } from './plan-view.service.js';
import { PlansController } from './plans.controller.js';
import { PlansService } from './plans.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([PlanEntity, UnitTaskEntity, UnitEntity])],
  controllers: [PlansController],
  providers: [PlansService, PlanDraftsService, PlanViewService, PlanListService],
  exports: [PlansService, PlanDraftsService, PlanViewService],
})
export class PlansModule {}
