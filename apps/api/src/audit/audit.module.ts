import { Module, type DynamicModule } from '@nestjs/common';
import type { AuditKeys } from '#persistence';
import { PlanAccessModule } from '../plan-access/plan-access.module.js';
import { AuditController } from './audit.controller.js';
import { AUDIT_KEYS, AuditService } from './audit.service.js';

@Module({})
export class AuditModule {
  /** `keys` undefined: timeline, as-of and diff work; verification, checkpoints and bundles answer 503 naming the variable. */
  static forRoot(keys: AuditKeys | undefined): DynamicModule {
    return {
      module: AuditModule,
      imports: [PlanAccessModule],
      controllers: [AuditController],
      providers: [AuditService, { provide: AUDIT_KEYS, useValue: keys }],
    };
  }
}
