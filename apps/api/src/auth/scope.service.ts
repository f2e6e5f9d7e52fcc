import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { UnitEntity } from '#persistence';
import { AUTH_OPTIONS, type AuthOptions } from './auth.config.js';
import { describeRole, type AuthUser } from './auth.types.js';
import {
  decideAct,
  decideSee,
  outOfScopeMessage,
  roleUnitProblem,
  UnitTree,
  type RoleUnitProblem,
  type ScopeDecision,
} from './scope.rules.js';

const DEFAULT_CACHE_TTL_MS = 30_000;
/** An unknown unit triggers a reload when the cached tree is older than this (a unit created a moment ago). */
const RELOAD_ON_MISS_AFTER_MS = 1_000;

/**
 * Which units a caller may see and act for, by the unit tree in PostgreSQL (`units`), cached briefly in memory.
 * Services call the assert… methods, which throw a 403 whose message names the role, the unit and the reason.
 */
@Injectable()
export class ScopeService {
  private cached?: { tree: UnitTree; loadedAt: number };
  private loading?: Promise<UnitTree>;
  private readonly ttlMs: number;

  constructor(
    @InjectRepository(UnitEntity) private readonly units: Repository<UnitEntity>,
    @Inject(AUTH_OPTIONS) options: AuthOptions,
  ) {
    this.ttlMs = options.unitCacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
  }

  /**
   * May `user` see `unitCode`'s tasks? `asOf` is the date the question is about (an auditor's "as of 15/6/2022");
   * units are not effective-dated yet (lifecycle issue), so today the current tree answers for every date.
   */
  async canSee(user: AuthUser, unitCode: string, asOf?: Date): Promise<boolean> {
    return (await this.decide(decideSee, user, unitCode, asOf)).allowed;
  }

  /** May `user` act for `unitCode` (acknowledge, register, report, nominate, create or launch its plans)? */
  async canActFor(user: AuthUser, unitCode: string): Promise<boolean> {
    return (await this.decide(decideAct, user, unitCode)).allowed;
  }

  /** Throws 403 (code OUT_OF_SCOPE) unless `user` may see `unitCode`. */
  async assertCanSee(user: AuthUser, unitCode: string, asOf?: Date): Promise<void> {
    const decision = await this.decide(decideSee, user, unitCode, asOf);
    if (!decision.allowed)
      throw new ForbiddenException({ code: 'OUT_OF_SCOPE', message: outOfScopeMessage(user, 'see', unitCode, decision.reason) });
  }

  /** Throws 403 unless `user` may see at least one of `unitCodes` (e.g. a plan's issuer and recipients). */
  async assertCanSeeAny(user: AuthUser, unitCodes: readonly string[], what: string, asOf?: Date): Promise<void> {
    for (const code of unitCodes) if (await this.canSee(user, code, asOf)) return;
    throw new ForbiddenException({
      code: 'OUT_OF_SCOPE',
      message: `Your role (${describeRole(user)}) cannot see ${what}: it concerns only ${unitCodes.join(', ')}`,
    });
  }

  /**
   * Throws 403 unless `user` may act for `unitCode`: code READ_ONLY_ROLE for an auditor, OUT_OF_SCOPE otherwise.
   * `action` (e.g. "acknowledge the task") is named in the message.
   */
  async assertCanActFor(user: AuthUser, unitCode: string, action?: string): Promise<void> {
    const decision = await this.decide(decideAct, user, unitCode);
    if (!decision.allowed) {
      throw new ForbiddenException({
        code: user.role === 'auditor' ? 'READ_ONLY_ROLE' : 'OUT_OF_SCOPE',
        message: outOfScopeMessage(user, 'act for', unitCode, decision.reason, action),
      });
    }
  }

  /** The unit codes `user` may see, or 'all' (auditors); for filtering lists and queries. */
  async visibleUnits(user: AuthUser, _asOf?: Date /* see canSee */): Promise<'all' | ReadonlySet<string>> {
    if (user.role === 'auditor') return 'all';
    return (await this.tree()).subtree(user.unit);
  }

  /**
   * Why the unit `user`'s token names does not fit its role (or no longer exists); undefined when it does. The guard
   * asks on every request, so a token issued against an older tree, or signed elsewhere, cannot borrow a wider scope.
   */
  async tokenUnitProblem(user: AuthUser): Promise<RoleUnitProblem | undefined> {
    if (user.unit === undefined) return undefined;
    const tree = await this.treeKnowing([user.unit]);
    return roleUnitProblem(user.role, user.unit, tree.kindOf(user.unit));
  }

  /** Forgets the cached tree; call after changing units. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async decide(
    rule: (user: AuthUser, unitCode: string, units: UnitTree) => ScopeDecision,
    user: AuthUser,
    unitCode: string,
    _asOf?: Date, // see canSee
  ): Promise<ScopeDecision> {
    return rule(user, unitCode, await this.treeKnowing(user.unit === undefined ? [unitCode] : [unitCode, user.unit]));
  }

  /** The cached tree, reloaded first when it lacks one of `codes` and is old enough (a unit created a moment ago). */
  private async treeKnowing(codes: readonly string[]): Promise<UnitTree> {
    const tree = await this.tree();
    if (codes.every((code) => tree.has(code)) || Date.now() - (this.cached?.loadedAt ?? 0) <= RELOAD_ON_MISS_AFTER_MS) return tree;
    this.invalidate();
    return this.tree();
  }

  private async tree(): Promise<UnitTree> {
    if (this.cached && Date.now() - this.cached.loadedAt < this.ttlMs) return this.cached.tree;
    this.loading ??= this.units
      .find({ select: { code: true, parentCode: true, kind: true } })
      .then((rows) => {
        const tree = new UnitTree(rows);
        this.cached = { tree, loadedAt: Date.now() };
        return tree;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }
}
