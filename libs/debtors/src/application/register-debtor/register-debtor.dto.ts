import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { SECTORS, Sector } from '@tc/kernel';
import { CommandBody, IsIsoCountry } from '@tc/platform';

export class RegisterDebtorDto extends CommandBody {
  @ApiProperty({ example: 'FR552100554', description: 'legal (company registration) id; unique with country' })
  @IsString()
  @Length(1, 64)
  @Matches(/[A-Za-z0-9]/, { message: 'legalId must contain letters or digits' })
  legalId!: string;

  @ApiProperty({ example: 'FR', description: 'ISO 3166-1 alpha-2 country of the head office' })
  @IsIsoCountry()
  country!: string;

  @ApiProperty({ example: 'Acme SAS' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: SECTORS })
  @IsIn(SECTORS)
  sector!: Sector;
}
