import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UnitTaskEntity } from '#persistence';
import { PlanAccessModule } from '../plan-access/plan-access.module.js';
import { TasksController } from './tasks.controller.js';
import { TasksService } from './tasks.service.js';

@Module({
  imports: [PlanAccessModule, TypeOrmModule.forFeature([UnitTaskEntity])],
  controllers: [TasksController],
  providers: [TasksService],
})
export class TasksModule {}
