import { Module } from '@nestjs/common';
import { PlanAccessModule } from '../plan-access/plan-access.module.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsService } from './documents.service.js';

@Module({
  imports: [PlanAccessModule],
  controllers: [DocumentsController],
  providers: [DocumentsService],
})
export class DocumentsModule {}
