import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlanEntity, UnitEntity, UnitTaskEntity } from '#persistence';
import { PlanAccess } from './plan-access.service.js';
import { PlanDraftsService } from './plan-drafts.service.js';
import { PlanViewService } from './plan-view.service.js';

/**
 * What the features that act on plans share, so that none of them depends on another (plans, tasks, documents,
 * audit): reaching a plan and checking who acts for it (PlanAccess), checking and deriving drafts (PlanDraftsService),
 * and the cascade view, live or as of a point in history (PlanViewService).
 */
@Module({
  imports: [TypeOrmModule.forFeature([PlanEntity, UnitTaskEntity, UnitEntity])],
  providers: [PlanAccess, PlanDraftsService, PlanViewService],
  exports: [PlanAccess, PlanDraftsService, PlanViewService],
})
export class PlanAccessModule {}
