import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlanEntity, PlanUnitTaskEntity, UnitEntity } from '#persistence';
import { PlansController } from './plans.controller.js';
import { PlansService } from './plans.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([PlanEntity, PlanUnitTaskEntity, UnitEntity])],
  controllers: [PlansController],
  providers: [PlansService],
})
export class PlansModule {}
