import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UnitTaskEntity } from '#persistence';
import { PlansModule } from '../plans/plans.module.js';
import { TasksController } from './tasks.controller.js';
import { TasksService } from './tasks.service.js';

@Module({
  imports: [PlansModule, TypeOrmModule.forFeature([UnitTaskEntity])],
  controllers: [TasksController],
  providers: [TasksService],
})
export class TasksModule {}
