import { Module } from '@nestjs/common';
import { PlansModule } from '../plans/plans.module.js';
import { TasksController } from './tasks.controller.js';
import { TasksService } from './tasks.service.js';

@Module({
  imports: [PlansModule],
  controllers: [TasksController],
  providers: [TasksService],
})
export class TasksModule {}
