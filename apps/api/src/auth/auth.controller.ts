import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Post,
  UseGuards,
  type CanActivate,
} from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { UnitEntity } from '#persistence';
import { AUTH_OPTIONS, type AuthOptions } from './auth.config.js';
import type { AuthUser } from './auth.types.js';
import { ApiAuth, CurrentUser, Public } from './decorators.js';
import { roleUnitProblem } from './scope.rules.js';
import { SessionView, SignInDto, SignInOptionsView, SignInView } from './dto/sign-in.dto.js';
import { DEFAULT_TTL, parseTtl, TokenService } from './token.service.js';

const SIGN_IN_TTL_SECONDS = parseTtl(DEFAULT_TTL);

/**
 * Refuses demo sign-in unless it is on, before the body is validated: with it off, every POST /auth/sign-in gets the
 * same 403 saying where tokens come from.
 */
@Injectable()
class DemoSignInOn implements CanActivate {
  constructor(@Inject(AUTH_OPTIONS) private readonly options: AuthOptions) {}

  canActivate(): boolean {
    if (this.options.demoSignIn) return true;
    throw new ForbiddenException({
      code: 'DEMO_SIGN_IN_OFF',
      message:
        'Demo sign-in is off on this server: sign in with a bearer token issued by `npm run -s cli -- token issue --role … --unit … --sub … --name …`',
    });
  }
}

/** Signing in from the web app: check a pasted token (session), or, in demo mode, pick a role and a unit. */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
    private readonly tokens: TokenService,
    @InjectRepository(UnitEntity) private readonly units: Repository<UnitEntity>,
  ) {}

  @Get('session')
  @ApiAuth()
  @ApiOperation({ summary: 'Who the bearer token names: to check a pasted token and greet the person' })
  @ApiOkResponse({ type: SessionView })
  session(@CurrentUser() user: AuthUser): Promise<SessionView> {
    return this.sessionOf(user);
  }

  @Public()
  @Get('sign-in')
  @ApiOperation({ summary: 'How to sign in: whether demo sign-in is on and, if so, the boards and departments to sign in for' })
  @ApiOkResponse({ type: SignInOptionsView })
  async signInOptions(): Promise<SignInOptionsView> {
    if (!this.options.demoSignIn) return { demo: false };
    const units = await this.units.find({ where: { kind: In(['board', 'department']) }, order: { code: 'ASC' } });
    return {
      demo: true,
      units: units.map(({ code, name, kind, parentCode }) => ({ code, name, kind, ...(parentCode ? { parentCode } : {}) })),
    };
  }

  @Public()
  @Post('sign-in')
  @HttpCode(200)
  @UseGuards(DemoSignInOn)
  @ApiOperation({
    summary: 'Demo sign-in (AUTH_DEMO_SIGN_IN=true; demos and tests only): a token valid 8 h for a demo person of that role and unit',
  })
  @ApiOkResponse({ type: SignInView })
  @ApiBadRequestResponse({
    description: 'The role needs a unit of its kind (board, department) or none (auditor); the message names the field',
  })
  @ApiForbiddenResponse({ description: 'DEMO_SIGN_IN_OFF: demo sign-in is off; use a token from `token issue`' })
  async signIn(@Body() dto: SignInDto): Promise<SignInView> {
    const user = await this.demoPerson(dto);
    const now = new Date();
    const token = this.tokens.issue(
      { sub: user.id, name: user.name, role: user.role, ...(user.unit ? { unit: user.unit } : {}) },
      SIGN_IN_TTL_SECONDS,
      now,
    );
    // The token's own `exp`: issued at `now` in whole seconds.
    const expiresAt = new Date((Math.floor(now.getTime() / 1000) + SIGN_IN_TTL_SECONDS) * 1000);
    return { token, expiresAt: expiresAt.toISOString(), user: await this.sessionOf(user) };
  }

  /** "demo.board@tinh" / "Cán bộ <unit name>", or the auditor "Thanh tra"; 400 naming `unit` when it does not fit the role. */
  private async demoPerson({ role, unit }: SignInDto): Promise<AuthUser> {
    if (role === 'auditor') {
      if (unit !== undefined)
        throw new BadRequestException({
          code: 'UNIT_NOT_ALLOWED',
          message: 'unit must be left out for the role auditor: an auditor reads every unit',
        });
      return { id: 'demo.auditor', name: 'Thanh tra', role };
    }
    if (unit === undefined)
      throw new BadRequestException({
        code: 'UNIT_REQUIRED',
        message: `unit is required for the role ${role}: the code of a ${role} unit (GET /auth/sign-in lists them)`,
      });
    const found = await this.units.findOneBy({ code: unit });
    const problem = roleUnitProblem(role, unit, found?.kind);
    if (problem)
      throw new BadRequestException({
        code: problem.code,
        message: `${problem.message}; GET /auth/sign-in lists the units to sign in for`,
      });
    return { id: `demo.${role}@${unit.toLowerCase()}`, name: `Cán bộ ${found?.name ?? unit}`, role, unit }; // found: roleUnitProblem refuses a missing unit
  }

  private async sessionOf(user: AuthUser): Promise<SessionView> {
    const unit = user.unit ? await this.units.findOneBy({ code: user.unit }) : null;
    return {
      id: user.id,
      name: user.name,
      role: user.role,
      ...(user.unit ? { unit: user.unit } : {}),
      ...(unit ? { unitName: unit.name } : {}),
    };
  }
}
