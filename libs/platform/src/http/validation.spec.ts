import { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import { DomainError } from '@tc/kernel';
import { CommandBody } from './command-body';
import { createValidationPipe, IsCalendarDate, IsInstantOrDate, IsIsoCountry, IsIsoCurrency, IsMinorUnits } from './validation';

class Line {
  @IsMinorUnits() amount!: number;
}

class Sample extends CommandBody {
  @IsOptional() @IsIsoCountry() country?: string;
  @IsOptional() @IsIsoCurrency() currency?: string;
  @IsOptional() @IsCalendarDate() invoiceDate?: string;
  @IsOptional() @IsInstantOrDate() receivedAt?: string;
  @IsOptional() @IsMinorUnits() amount?: number;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => Line) lines?: Line[];
}

const pipe = createValidationPipe();
const metadata: ArgumentMetadata = { type: 'body', metatype: Sample };

async function errorsOf(body: unknown): Promise<{ field: string; message: string }[]> {
  try {
    await pipe.transform(body, metadata);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    return (error as DomainError).details.errors as { field: string; message: string }[];
  }
  return [];
}

describe('createValidationPipe and the reusable validators', () => {
  it('accepts valid values and returns an instance of the DTO', async () => {
    const value = await pipe.transform(
      { country: 'FR', currency: 'JPY', invoiceDate: '2024-02-29', receivedAt: '2025-03-01T10:00:00+01:00', amount: 0, lines: [{ amount: 5 }], comment: 'ok' },
      metadata,
    );
    expect(value).toBeInstanceOf(Sample);
    expect(value.lines[0]).toBeInstanceOf(Line);
    expect(await errorsOf({ receivedAt: '2025-03-01' })).toEqual([]);
  });

  it.each([
    ['country', 'fr', 'country must be an ISO 3166-1 alpha-2 country code (e.g. FR)'],
    ['country', 'UK', 'country must be an ISO 3166-1 alpha-2 country code (e.g. FR)'],
    ['currency', 'eur', 'currency must be an ISO 4217 currency code (e.g. EUR)'],
    ['currency', 'XYZ', 'currency must be an ISO 4217 currency code (e.g. EUR)'],
    ['invoiceDate', '2025-02-29', 'invoiceDate must be a date YYYY-MM-DD'],
    ['invoiceDate', '2025-03-01T00:00:00Z', 'invoiceDate must be a date YYYY-MM-DD'],
    ['invoiceDate', 20250301, 'invoiceDate must be a date YYYY-MM-DD'],
    ['receivedAt', '2025-03-01T10:00:00', 'receivedAt must be an ISO 8601 instant or a date YYYY-MM-DD'],
    ['receivedAt', 'yesterday', 'receivedAt must be an ISO 8601 instant or a date YYYY-MM-DD'],
    ['amount', -1, 'amount must be a whole number of minor units, 0 or more'],
    ['amount', 10.5, 'amount must be a whole number of minor units, 0 or more'],
    ['amount', '100', 'amount must be a whole number of minor units, 0 or more'],
    ['amount', 2 ** 53, 'amount must be a whole number of minor units, 0 or more'],
    ['comment', 'x'.repeat(501), 'comment must be shorter than or equal to 500 characters'],
    ['comment', 42, 'comment must be a string'],
  ])('refuses %s = %j', async (field, value, message) => {
    expect(await errorsOf({ [field]: value })).toEqual([{ field, message: expect.stringContaining(message) }]);
  });

  it('reports nested array items by index and unknown fields by name', async () => {
    expect(await errorsOf({ lines: [{ amount: 1 }, { amount: -1, note: 'x' }], extra: true })).toEqual(
      expect.arrayContaining([
        { field: 'extra', message: 'property extra should not exist' },
        { field: 'lines.1.note', message: 'property note should not exist' },
        { field: 'lines.1.amount', message: 'amount must be a whole number of minor units, 0 or more' },
      ]),
    );
  });

  it('joins several messages of one field', async () => {
    expect(await errorsOf({ comment: 7 })).toEqual([{ field: 'comment', message: 'comment must be shorter than or equal to 500 characters; comment must be a string' }]);
  });
});
