import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/index.js';
import { TemporalHealthIndicator } from './temporal.health.js';

/** Liveness is open to any probe; which components are down, and why, only to a signed-in person (any role). */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly temporal: TemporalHealthIndicator,
  ) {}

  @Get()
  // ApiBearerAuth, not ApiAuth: its 401/403 responses would change the web app's generated types (apps/web).
  @ApiBearerAuth()
  @HealthCheck()
  @ApiOperation({ summary: 'PostgreSQL and Temporal reachability (503 when either is down)' })
  check() {
    return this.health.check([() => this.database.pingCheck('postgres').withTimeout(3000), () => this.temporal.check('temporal')]);
  }

  /** For a supervisor's liveness probe (restarting the API does not bring a database back) and as the benchmark's trivial endpoint. */
  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers HTTP; nothing else is checked' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
