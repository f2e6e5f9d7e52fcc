import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UnitEntity } from '#persistence';
import { ApiAuth } from '../auth/index.js';

export class UnitView {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['board', 'department', 'division'] }) kind!: string;
  @ApiPropertyOptional() parentCode?: string;
}

@ApiTags('units')
@ApiAuth()
@Controller('units')
export class UnitsController {
  constructor(@InjectRepository(UnitEntity) private readonly units: Repository<UnitEntity>) {}

  @Get()
  @ApiOperation({ summary: 'The units plans can be sent to, by code' })
  @ApiOkResponse({ type: [UnitView] })
  async list(): Promise<UnitView[]> {
    const units = await this.units.find({ order: { code: 'ASC' } });
    return units.map(({ code, name, kind, parentCode }) => ({ code, name, kind, parentCode: parentCode ?? undefined }));
  }
}
