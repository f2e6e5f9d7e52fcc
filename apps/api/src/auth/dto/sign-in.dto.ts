import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { UNIT_CODE_PATTERN } from '#domain';
import { OptionalButNotNull } from '../../common/validation.js';
import { ROLES, type Role } from '../auth.types.js';

/** The caller a token names, with the unit's name to greet them by. */
export class SessionView {
  @ApiProperty({ example: 'van.phong@sngv', description: 'The person, recorded as the actor of what they do' }) id!: string;
  @ApiProperty({ example: 'Văn phòng Sở Ngoại vụ' }) name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiPropertyOptional({ example: 'SNGV', description: 'The unit a board or a department acts for' }) unit?: string;
  @ApiPropertyOptional({ example: 'Sở Ngoại vụ', description: "The unit's name today; absent when the unit no longer exists" })
  unitName?: string;
}

/** A unit one can sign in for (a board or a department). */
export class SignInUnitView {
  @ApiProperty({ example: 'SNGV' }) code!: string;
  @ApiProperty({ example: 'Sở Ngoại vụ' }) name!: string;
  @ApiProperty({ enum: ['board', 'department'] }) kind!: string;
  @ApiPropertyOptional({ example: 'TINH' }) parentCode?: string;
}

export class SignInOptionsView {
  @ApiProperty({ description: 'Whether POST /auth/sign-in is on (demos and tests); otherwise paste a token from `token issue`' })
  demo!: boolean;
  @ApiPropertyOptional({ type: [SignInUnitView], description: 'In demo mode only: the boards and departments to sign in for, by code' })
  units?: SignInUnitView[];
}

/** POST /auth/sign-in: who to be. A board signs in for a board unit, a department for a department; an auditor for none. */
export class SignInDto {
  @ApiProperty({ enum: ROLES, example: 'department' })
  @IsIn([...ROLES], { message: `role must be one of ${ROLES.join(', ')}` })
  role!: Role;

  @ApiPropertyOptional({ example: 'SNGV', description: 'Required for board and department (a unit of that kind); none for an auditor' })
  // Only an absent unit is optional: null would crash the unit lookup (a 500).
  @OptionalButNotNull()
  @IsString({ message: 'unit must be text' })
  @Matches(UNIT_CODE_PATTERN, { message: 'unit must be a unit code such as SNGV; GET /auth/sign-in lists them' })
  unit?: string;
}

export class SignInView {
  @ApiProperty({ description: 'A bearer token: send it as "Authorization: Bearer <token>"' }) token!: string;
  @ApiProperty({ description: 'When the token expires (8 h after sign-in)' }) expiresAt!: string;
  @ApiProperty({ type: SessionView }) user!: SessionView;
}
