import { DeciderSpecification } from '@tc/kernel/testing';
import { automaticDecision } from './cover-rules';
import { receivableDecider } from './receivable.decider';
import { ReceivableRegistered } from './receivable.events';
import { AMOUNT, DUE_DATE, INVOICE_DATE, RECEIVABLE_ID, TERMS, grant, history, partial, pay, receivableAfter, refuse, register, ship } from './receivable.fixtures';
import { receivableView } from './receivable.view';

const spec = DeciderSpecification.for(receivableDecider);

const registered = (over: Partial<ReceivableRegistered['data']> = {}): ReceivableRegistered => ({
  type: 'ReceivableRegistered',
  data: {
    receivableId: RECEIVABLE_ID,
    policyId: 'pol-1',
    debtorId: 'deb-1',
    invoiceNumber: 'INV-2026-001',
    invoiceDate: INVOICE_DATE,
    dueDate: DUE_DATE,
    amount: AMOUNT,
    currency: 'EUR',
    fxRate: null,
    policyCurrency: 'EUR',
    terms: TERMS,
    requestedCover: AMOUNT,
    requestedAt: INVOICE_DATE,
    requestedOn: INVOICE_DATE,
    ...over,
  },
});

describe('Step 1: registration and cover request', () => {
  it('registers the invoice and asks for cover of the whole amount, requested at the invoice date, with the policy terms it will need', () => {
    spec.given([]).when(register()).then([registered()]);
  });

  it('asks for the cover stated, at the request date given (instant taken as its UTC date)', () => {
    spec
      .given([])
      .when(register({ requestedCover: 2_000_000, requestedAt: '2026-01-16T22:30:00Z' }))
      .then([registered({ requestedCover: 2_000_000, requestedAt: '2026-01-16T22:30:00Z', requestedOn: '2026-01-16' })]);
  });

  it('shows a new receivable at COVER_REQUESTED, step 1', () => {
    expect(receivableView(receivableAfter(register()))).toMatchObject({ status: 'COVER_REQUESTED', step: 1, outstanding: AMOUNT, coveredAmount: null, insured: false });
  });

  it('refuses a receivable on an insolvent debtor (DEBTOR_INSOLVENT)', () => {
    spec.given([]).when(register({ debtor: { insolvencyDate: '2026-01-10' } })).thenThrows('DEBTOR_INSOLVENT');
  });

  it('accepts a payment term of exactly the maximum credit term', () => {
    spec.given([]).when(register({ dueDate: '2026-05-15' })).then([registered({ dueDate: '2026-05-15' })]);
  });

  it('refuses a payment term longer than the maximum credit term (CREDIT_TERM_EXCEEDED)', () => {
    spec.given([]).when(register({ dueDate: '2026-05-16' })).thenThrows('CREDIT_TERM_EXCEEDED', (e) => expect(e.details).toMatchObject({ paymentTermDays: 121, maxCreditTermDays: 120 }));
  });

  it('refuses a due date before the invoice date (CREDIT_TERM_EXCEEDED: the term is outside 0 … maximum)', () => {
    spec.given([]).when(register({ dueDate: '2026-01-14' })).thenThrows('CREDIT_TERM_EXCEEDED');
  });

  it('requires fxRate when the receivable is not in the policy currency (FX_RATE_REQUIRED)', () => {
    spec.given([]).when(register({ currency: 'USD' })).thenThrows('FX_RATE_REQUIRED');
  });

  it('refuses fxRate on a receivable in the policy currency (FX_RATE_NOT_APPLICABLE)', () => {
    spec.given([]).when(register({ fxRate: 1 })).thenThrows('FX_RATE_NOT_APPLICABLE');
  });

  it('refuses an fxRate with more than 6 decimals, or not positive', () => {
    spec.given([]).when(register({ currency: 'USD', fxRate: 0.9212345 })).thenThrows('VALIDATION_FAILED');
    spec.given([]).when(register({ currency: 'USD', fxRate: 0 })).thenThrows('VALIDATION_FAILED');
  });

  it('refuses more cover than the amount in policy currency (COVER_EXCEEDS_AMOUNT)', () => {
    spec.given([]).when(register({ requestedCover: AMOUNT + 1 })).thenThrows('COVER_EXCEEDS_AMOUNT');
  });

  it('refuses a cover request dated before the invoice date (DATE_OUT_OF_ORDER)', () => {
    spec.given([]).when(register({ requestedAt: '2026-01-14' })).thenThrows('DATE_OUT_OF_ORDER');
  });

  it('refuses an invoice or a request dated after today (FUTURE_DATE); the due date may lie in the future', () => {
    spec.given([]).when(register({ today: '2026-01-14' })).thenThrows('FUTURE_DATE');
    spec.given([]).when(register({ requestedAt: '2026-01-17', today: '2026-01-16' })).thenThrows('FUTURE_DATE');
    spec.given([]).when(register({ today: INVOICE_DATE })).then([registered()]);
  });

  it('refuses an amount that is not a positive number of minor units', () => {
    spec.given([]).when(register({ amount: 0 })).thenThrows('VALIDATION_FAILED');
    spec.given([]).when(register({ amount: 12.5 })).thenThrows('VALIDATION_FAILED');
  });

  it('refuses an invoice number already registered under the policy (DUPLICATE_INVOICE, naming the existing receivable)', () => {
    spec.given([registered()]).when(register()).thenThrows('DUPLICATE_INVOICE', (e) => expect(e.details.existingId).toBe(registered().data.receivableId));
  });

  it('knows no receivable before its registration (NOT_FOUND)', () => {
    spec.given([]).when(grant()).thenThrows('NOT_FOUND');
  });
});

describe('Step 2: cover decision', () => {
  const requested = history(register());

  it('GRANTED is the amount requested, valid by default until the due date → COVER_GRANTED', () => {
    spec
      .given(requested)
      .when(grant({ conditions: ['retention of title'] }))
      .then([
        {
          type: 'CoverGranted',
          data: { decision: 'GRANTED', amount: AMOUNT, validUntil: DUE_DATE, conditions: ['retention of title'], decidedAt: '2026-01-16', decidedOn: '2026-01-16', automatic: false, reason: null },
        },
      ]);
    expect(receivableView(receivableAfter(register(), grant()))).toMatchObject({ status: 'COVER_GRANTED', step: 2, coveredAmount: AMOUNT, coverValidUntil: DUE_DATE });
  });

  it('PARTIAL grants less than requested, with its validity → COVER_GRANTED', () => {
    spec
      .given(requested)
      .when(partial(5_000_000))
      .then([
        {
          type: 'CoverGranted',
          data: { decision: 'PARTIAL', amount: 5_000_000, validUntil: '2026-12-31', conditions: [], decidedAt: '2026-01-16', decidedOn: '2026-01-16', automatic: false, reason: null },
        },
      ]);
  });

  it('REFUSED grants nothing → COVER_REFUSED', () => {
    spec
      .given(requested)
      .when(refuse())
      .then([{ type: 'CoverRefused', data: { reason: 'weak rating', conditions: [], decidedAt: '2026-01-16', decidedOn: '2026-01-16', automatic: false } }]);
    expect(receivableView(receivableAfter(register(), refuse()))).toMatchObject({ status: 'COVER_REFUSED', step: 2, coveredAmount: 0 });
  });

  it('records a decision taken automatically by the discretionary rules', () => {
    spec
      .given(history(register({ requestedCover: 1_500_000 })))
      .when(grant({ decidedAt: INVOICE_DATE, automatic: true }))
      .then([
        {
          type: 'CoverGranted',
          data: { decision: 'GRANTED', amount: 1_500_000, validUntil: DUE_DATE, conditions: [], decidedAt: INVOICE_DATE, decidedOn: INVOICE_DATE, automatic: true, reason: null },
        },
      ]);
  });

  it('refuses GRANTED with another amount than requested, a PARTIAL of 0 or of the whole request, and a REFUSED with an amount (INVALID_COVER_AMOUNT)', () => {
    spec.given(requested).when(grant({ amount: 5_000_000 })).thenThrows('INVALID_COVER_AMOUNT');
    spec.given(requested).when(partial(AMOUNT)).thenThrows('INVALID_COVER_AMOUNT');
    spec.given(requested).when(partial(0)).thenThrows('INVALID_COVER_AMOUNT');
    spec.given(requested).when(grant({ decision: 'PARTIAL' })).thenThrows('INVALID_COVER_AMOUNT');
    spec.given(requested).when(refuse({ amount: 100 })).thenThrows('INVALID_COVER_AMOUNT');
  });

  it('decides a pending request only: a second decision is refused (INVALID_TRANSITION)', () => {
    spec.given(history(register(), grant())).when(refuse()).thenThrows('INVALID_TRANSITION');
    spec.given(history(register(), refuse())).when(grant()).thenThrows('INVALID_TRANSITION');
  });

  it('refuses a decision dated before the request (DATE_OUT_OF_ORDER) or after today (FUTURE_DATE)', () => {
    spec.given(history(register({ requestedAt: '2026-01-16' }))).when(grant({ decidedAt: INVOICE_DATE })).thenThrows('DATE_OUT_OF_ORDER');
    spec.given(requested).when(grant({ today: INVOICE_DATE })).thenThrows('FUTURE_DATE');
  });

  it('refuses a cover valid until before its decision (INVALID_PERIOD)', () => {
    spec.given(requested).when(grant({ validUntil: INVOICE_DATE })).thenThrows('INVALID_PERIOD');
  });

  it('a refused receivable can still be shipped (uninsured) and paid', () => {
    const state = receivableAfter(register(), refuse(), ship(), pay('p-1', AMOUNT, '2026-03-16'));
    expect(receivableView(state)).toMatchObject({ status: 'SETTLED', insured: false, uninsuredReason: 'COVER_REFUSED', outstanding: 0 });
  });
});

describe('Automatic decisions (discretionary rules)', () => {
  it('no named limit: a request that fits the headroom of the discretionary limit is granted automatically, in full', () => {
    expect(automaticDecision({ requestedCover: 1_500_000, discretionaryLimit: 2_000_000, hasNamedLimit: false, available: 2_000_000 })).toEqual({ automatic: true, decision: 'GRANTED', amount: 1_500_000 });
  });

  it('no named limit: a top-up widens the headroom beyond the discretionary amount', () => {
    expect(automaticDecision({ requestedCover: 2_500_000, discretionaryLimit: 2_000_000, hasNamedLimit: false, available: 3_000_000 })).toMatchObject({ automatic: true, amount: 2_500_000 });
  });

  it('no named limit: a request beyond the headroom waits for an underwriter', () => {
    expect(automaticDecision({ requestedCover: 1_500_000, discretionaryLimit: 2_000_000, hasNamedLimit: false, available: 1_000_000 })).toMatchObject({ automatic: false });
  });

  it('named limit: a request up to the discretionary limit that fits the headroom is granted automatically, in full', () => {
    expect(automaticDecision({ requestedCover: 2_000_000, discretionaryLimit: 2_000_000, hasNamedLimit: true, available: 8_000_000 })).toEqual({ automatic: true, decision: 'GRANTED', amount: 2_000_000 });
  });

  it('named limit: a request over the discretionary limit waits (the worked example: 60,000.00 over 20,000.00)', () => {
    expect(automaticDecision({ requestedCover: AMOUNT, discretionaryLimit: 2_000_000, hasNamedLimit: true, available: 8_000_000 })).toMatchObject({ automatic: false });
  });

  it('named limit (even 0): a small request beyond its headroom waits', () => {
    expect(automaticDecision({ requestedCover: 100_000, discretionaryLimit: 2_000_000, hasNamedLimit: true, available: 0 })).toMatchObject({ automatic: false });
  });
});
