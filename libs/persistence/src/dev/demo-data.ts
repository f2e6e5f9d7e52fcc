import type { DataSource } from 'typeorm';
import type { Unit } from '#domain';
import { UnitEntity } from '../read-models/index.js';

/** A province board, the departments named in the seed plans, and a few divisions each. */
export const DEMO_UNITS: Unit[] = [
  { code: 'TINH', name: 'Hội đồng Thi đua – Khen thưởng tỉnh (UBND tỉnh)', kind: 'board' },
  { code: 'SNV', name: 'Sở Nội vụ (Ban Thi đua – Khen thưởng)', kind: 'department', parentCode: 'TINH' },
  { code: 'SNGV', name: 'Sở Ngoại vụ', kind: 'department', parentCode: 'TINH' },
  { code: 'SNGV.VP', name: 'Văn phòng Sở Ngoại vụ', kind: 'division', parentCode: 'SNGV' },
  { code: 'SNGV.LS', name: 'Phòng Lãnh sự', kind: 'division', parentCode: 'SNGV' },
  { code: 'SNGV.BG', name: 'Phòng Quản lý biên giới', kind: 'division', parentCode: 'SNGV' },
  { code: 'SGDDT', name: 'Sở Giáo dục và Đào tạo', kind: 'department', parentCode: 'TINH' },
  { code: 'SGDDT.VP', name: 'Văn phòng Sở Giáo dục và Đào tạo', kind: 'division', parentCode: 'SGDDT' },
  { code: 'SGDDT.GDTRH', name: 'Phòng Giáo dục Trung học', kind: 'division', parentCode: 'SGDDT' },
  { code: 'SGDDT.TCCB', name: 'Phòng Tổ chức cán bộ', kind: 'division', parentCode: 'SGDDT' },
  { code: 'STTTT', name: 'Sở Thông tin và Truyền thông', kind: 'department', parentCode: 'TINH' },
  { code: 'STTTT.VP', name: 'Văn phòng Sở Thông tin và Truyền thông', kind: 'division', parentCode: 'STTTT' },
  { code: 'STTTT.BCVT', name: 'Phòng Bưu chính, Viễn thông', kind: 'division', parentCode: 'STTTT' },
  { code: 'STTTT.CNTT', name: 'Trung tâm Công nghệ thông tin và Truyền thông', kind: 'division', parentCode: 'STTTT' },
];

/** Loads the demo units into an empty database; returns false (and changes nothing) when units exist. */
export async function loadDemoUnits(dataSource: DataSource): Promise<boolean> {
  return dataSource.transaction(async (tx) => {
    if ((await tx.count(UnitEntity)) > 0) return false;
    // Parents precede children in the list, so the foreign key holds row by row.
    for (const unit of DEMO_UNITS) await tx.insert(UnitEntity, { ...unit, parentCode: unit.parentCode ?? null });
    return true;
  });
}
