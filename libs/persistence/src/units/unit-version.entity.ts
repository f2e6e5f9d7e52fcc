import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { UnitKind } from '#domain';

/**
 * One version of a unit (unit-hierarchy.ts): in force from `validFrom` (inclusive) to `validTo`
 * (exclusive; null = still in force). The `units` relation (UnitEntity) is now a view of the versions
 * in force today, Vietnam time; write here to record a reorganisation (saveUnitVersions checks it).
 */
@Entity('unit_versions')
export class UnitVersionEntity {
  @PrimaryColumn('text') code!: string;
  /** yyyy-mm-dd; TypeORM reads `date` columns as strings. */
  @PrimaryColumn('date', { name: 'valid_from' }) validFrom!: string;
  @Column('date', { name: 'valid_to', nullable: true }) validTo!: string | null;
  @Column('text') name!: string;
  @Column('text') kind!: UnitKind;
  @Column('text', { name: 'parent_code', nullable: true }) parentCode!: string | null;
}
