import { CalendarDate } from '@tc/kernel';
import { Prng } from './prng';
import { COUNTRIES } from './reference-data';

/**
 * One receivable's life, planned backwards from the status it should stand in today: the
 * dates of its requests (registration, decision, shipment, payments, dispute, dunning,
 * collection, claim, indemnity, recoveries, closure), each on its business day. The timers
 * (overdue, reminders, voiding, hand-over, end of the waiting period, lapse) are the
 * service's: a story only leaves room for them. Days count from the seed's first day (0)
 * to today (`horizon`).
 */

export type Status =
  | 'COVER_REQUESTED'
  | 'COVER_GRANTED'
  | 'COVER_REFUSED'
  | 'SHIPPED'
  | 'OVERDUE'
  | 'IN_COLLECTION'
  | 'CLAIM_FILED'
  | 'CLAIM_APPROVED'
  | 'CLAIM_REJECTED'
  | 'INDEMNIFIED'
  | 'SETTLED'
  | 'CLOSED';

/** What a receivable is planned for: a status today, or a claim after its debtor's insolvency. */
export type Target = Status | 'INSOLVENCY_CLAIM';

/**
 * Shares of the book by status today (SETTLED takes the rest): a year of trade on 30–120 day
 * terms leaves most invoices paid, a sixth not yet due, a few percent overdue or in
 * collection, and a few per thousand in claims.
 */
export const TARGET_SHARES: Readonly<Record<Target, number>> = {
  COVER_REQUESTED: 0.006,
  COVER_GRANTED: 0.022,
  COVER_REFUSED: 0.018,
  SHIPPED: 0.13,
  OVERDUE: 0.03,
  IN_COLLECTION: 0.016,
  CLAIM_FILED: 0.003,
  CLAIM_APPROVED: 0.002,
  CLAIM_REJECTED: 0.002,
  INDEMNIFIED: 0.005,
  CLOSED: 0.012,
  INSOLVENCY_CLAIM: 0.003,
  SETTLED: 0,
};

export type StepKind =
  | 'register'
  | 'decideCover'
  | 'ship'
  | 'pay'
  | 'openDispute'
  | 'resolveDispute'
  | 'declareOverdue'
  | 'handOver'
  | 'collectionRecovery'
  | 'fileClaim'
  | 'decideClaim'
  | 'payIndemnity'
  | 'recover'
  | 'close';

/** One request of the story: its route is the kind's, its body as sent (ids are added when sent). */
export interface Step {
  readonly day: number;
  readonly kind: StepKind;
  readonly body: Readonly<Record<string, unknown>>;
}

export interface ReceivableStory {
  readonly target: Target;
  /** The status the receivable stands in today, once every step and timer has run. */
  readonly expected: Status;
  /** Which path it takes, for the summary and for debugging a plan. */
  readonly variant: string;
  readonly invoiceDay: number;
  /** Decided by an underwriter (the request waits), not automatically at registration. */
  readonly manual: boolean;
  /** The cover requested, policy currency minor units. */
  readonly cover: number;
  /** The most it may hold on its credit limit, over which days (inclusive); null when it never reserves. */
  readonly reservation: { readonly from: number; readonly until: number; readonly amount: number } | null;
  readonly steps: readonly Step[];
}

export interface StoryContext {
  readonly horizon: number;
  readonly policy: {
    readonly product: string;
    readonly currency: string;
    readonly terms: { readonly maxCreditTermDays: number; readonly discretionaryLimit: number; readonly waitingPeriodDays: number };
    readonly options: readonly { readonly option: string; readonly effectiveFrom: CalendarDate }[];
  };
  readonly debtor: { readonly country: string; readonly size: number; readonly stopFrom: number | null; readonly insolventFrom: number | null };
  /** The pair has a named limit: requests above the discretionary limit can be decided by an underwriter. */
  readonly named: boolean;
  readonly days: readonly CalendarDate[];
  fxRateOn(from: string, to: string, day: number): number;
  convert(amount: number, from: string, rate: number, to: string): number;
}

const TERMS: readonly (readonly [number, number])[] = [
  [30, 30],
  [45, 15],
  [60, 35],
  [90, 15],
  [120, 5],
];

const MEDIAN_COVER: Readonly<Record<string, number>> = { SMALL_FLAT: 80_000, SME_MODULAR: 300_000, MIDCAP_GLOBAL: 700_000, GROUP_MASTER: 1_000_000 };

const DISPUTE_REASONS = ['quality complaint: goods damaged in transit', 'quantity delivered short of the order', 'price differs from the order confirmation', 'late delivery penalty claimed'];
const AGENCIES = ['Recouvrement Atlantique SA', 'Inkasso Nord GmbH', 'CreditCollect Ltd', 'Cobros Iberia S.L.'];
const REFUSALS = ['exposure concentration on this buyer', 'buyer financials not available', 'rating too weak for the amount'];
const REJECTIONS = ['credit limit conditions not complied with', 'payment terms extended without consent', 'claim filed without the documents asked for'];

/** Plans a receivable of `target` for this policy and debtor, or undefined when the pair cannot carry it. */
export function planStory(target: Target, ctx: StoryContext, rng: Prng): ReceivableStory | undefined {
  const plan = new StoryPlanner(ctx, rng);
  return plan.build(target);
}

class StoryPlanner {
  private readonly h: number;

  constructor(
    private readonly ctx: StoryContext,
    private readonly rng: Prng,
  ) {
    this.h = ctx.horizon;
  }

  build(target: Target): ReceivableStory | undefined {
    switch (target) {
      case 'COVER_REQUESTED':
        return this.pending();
      case 'COVER_REFUSED':
        return this.refused();
      case 'COVER_GRANTED':
        return this.rng.chance(0.7) ? this.grantedRecently() : this.lapsed();
      case 'SHIPPED':
        return this.shipped();
      case 'OVERDUE':
        return this.overdue();
      case 'IN_COLLECTION':
        return this.inCollection();
      case 'CLAIM_FILED':
      case 'CLAIM_APPROVED':
      case 'CLAIM_REJECTED':
      case 'INDEMNIFIED':
        return this.claim(target);
      case 'CLOSED':
        return this.closed();
      case 'SETTLED':
        return this.settled();
      case 'INSOLVENCY_CLAIM':
        return this.insolvencyClaim();
    }
  }

  // ---- step 1–2 only

  private pending(): ReceivableStory | undefined {
    const invoice = this.invoice(this.rng.int(this.h - 3, this.h), 'manual');
    if (!invoice) return undefined;
    return invoice.finish('COVER_REQUESTED', 'COVER_REQUESTED', 'waiting for an underwriter', this.h, null);
  }

  private refused(): ReceivableStory | undefined {
    const invoice = this.invoice(this.rng.int(1, this.h - 2), 'manual');
    if (!invoice) return undefined;
    invoice.decide('REFUSED');
    return invoice.finish('COVER_REFUSED', 'COVER_REFUSED', 'refused by an underwriter', this.h, null);
  }

  private grantedRecently(): ReceivableStory | undefined {
    const invoice = this.invoice(this.rng.int(this.h - 4, this.h), 'any');
    if (!invoice) return undefined;
    invoice.decide('GRANTED');
    return invoice.finish('COVER_GRANTED', 'COVER_GRANTED', 'granted, not shipped yet', this.h);
  }

  /** Granted automatically and never shipped: the service lets the cover lapse the day after its validity (the due date). */
  private lapsed(): ReceivableStory | undefined {
    const term = this.term();
    const invoice = this.invoice(this.rng.int(1, this.h - term - 2), 'auto', term);
    if (!invoice) return undefined;
    invoice.decide('GRANTED');
    return invoice.finish('COVER_GRANTED', 'COVER_GRANTED', 'granted, never shipped: cover lapsed', this.h, { until: invoice.due + 1 });
  }

  // ---- shipped, not yet settled

  private shipped(): ReceivableStory | undefined {
    const term = this.term();
    const invoice = this.invoice(this.rng.int(Math.max(1, this.h - term), this.h - 3), 'any', term);
    if (!invoice) return undefined;
    invoice.decide(this.grantKind());
    const shipped = invoice.ship();
    if (shipped < this.h && this.rng.chance(0.3)) invoice.pay(this.rng.int(shipped + 1, this.h), this.rng.int(20, 60) / 100);
    let variant = 'shipped, not yet due';
    if (shipped < this.h && this.rng.chance(0.05)) {
      invoice.openDispute(this.rng.int(shipped, this.h));
      variant = 'shipped, disputed';
    }
    return invoice.finish('SHIPPED', 'SHIPPED', variant, this.h);
  }

  private overdue(): ReceivableStory | undefined {
    const term = this.term();
    const due = this.rng.int(this.h - 29, this.h - 1);
    const invoice = this.invoice(due - term, 'any', term);
    if (!invoice) return undefined;
    invoice.decide(this.grantKind());
    const shipped = invoice.ship();
    if (this.rng.chance(0.3)) invoice.pay(this.rng.int(shipped + 1, due), this.rng.int(20, 60) / 100);
    if (this.rng.chance(0.5)) invoice.declare(this.rng.int(due + 1, this.h));
    if (this.rng.chance(0.1)) invoice.openDispute(this.rng.int(Math.max(shipped, due - 5), this.h));
    return invoice.finish('OVERDUE', 'OVERDUE', 'past due, not yet handed to collection', this.h);
  }

  private inCollection(): ReceivableStory | undefined {
    const term = this.term();
    const due = this.rng.int(Math.max(term + 1, this.h - 250), this.h - 30);
    const invoice = this.invoice(due - term, 'any', term);
    if (!invoice) return undefined;
    invoice.decide(this.grantKind());
    const shipped = invoice.ship();
    if (this.rng.chance(0.2)) invoice.pay(this.rng.int(shipped + 1, due), this.rng.int(10, 40) / 100);
    const declared = this.rng.chance(0.7);
    if (declared) invoice.declare(this.rng.int(due + 3, Math.min(due + 55, this.h)));
    const handedOver = this.handOver(invoice, due);
    if (this.rng.chance(0.4)) {
      const first = this.rng.int(handedOver, this.h);
      invoice.collectionRecovery(first, this.rng.int(10, 40) / 100);
      if (first < this.h && this.rng.chance(0.4)) invoice.collectionRecovery(this.rng.int(first + 1, this.h), this.rng.int(10, 30) / 100);
    }
    return invoice.finish('IN_COLLECTION', 'IN_COLLECTION', declared ? 'in collection' : 'in collection, overdue never declared: cover voided', this.h);
  }

  // ---- claims

  /** A protracted default (or, with the political-risk option, a political claim) filed, then decided and paid as the target needs. */
  private claim(target: 'CLAIM_FILED' | 'CLAIM_APPROVED' | 'CLAIM_REJECTED' | 'INDEMNIFIED' | 'CLOSED', closeAfter?: 'indemnity' | 'rejection'): ReceivableStory | undefined {
    const h = this.h;
    const filed =
      target === 'CLAIM_FILED'
        ? this.rng.int(h - 20, h)
        : target === 'CLAIM_APPROVED'
          ? this.rng.int(h - 45, h - 8)
          : target === 'CLAIM_REJECTED'
            ? this.rng.int(h - 200, h - 5)
            : this.rng.int(h - 220, h - (closeAfter === 'indemnity' ? 60 : 15));
    const political = this.politicalPossible() && this.rng.chance(0.25);
    const invoice = political ? this.politicalClaimSetup(filed) : this.protractedSetup(filed);
    if (!invoice) return undefined;
    invoice.fileClaim(filed, political ? 'POLITICAL' : 'PROTRACTED_DEFAULT');
    const reason = political ? 'political claim' : 'protracted default';
    if (target === 'CLAIM_FILED') return invoice.finish('CLAIM_FILED', 'CLAIM_FILED', `${reason}, filed`, h);
    if (target === 'CLAIM_APPROVED') {
      invoice.decideClaim(this.rng.int(Math.max(filed + 3, h - 14), h), 'APPROVED');
      return invoice.finish('CLAIM_APPROVED', 'CLAIM_APPROVED', `${reason}, approved`, h);
    }
    const decided = filed + this.rng.int(5, 25);
    if (target === 'CLAIM_REJECTED' || closeAfter === 'rejection') {
      if (decided > h) return undefined;
      invoice.decideClaim(decided, 'REJECTED');
      if (closeAfter !== 'rejection') return invoice.finish('CLAIM_REJECTED', 'CLAIM_REJECTED', `${reason}, rejected`, h);
      const closed = decided + this.rng.int(5, 40);
      if (closed > h) return undefined;
      invoice.close(closed, 'claim rejected; nothing more expected from the insured');
      return invoice.finish(target, 'CLOSED', `${reason}, rejected, then closed`, closed);
    }
    const paid = decided + this.rng.int(3, 20);
    if (paid > h) return undefined;
    invoice.decideClaim(decided, 'APPROVED');
    invoice.payIndemnity(paid);
    if (closeAfter === 'indemnity') {
      const recovered = paid + this.rng.int(10, 40);
      const closed = recovered + this.rng.int(1, 15);
      if (closed > h) return undefined;
      invoice.recover(recovered, this.rng.int(5, 25) / 100);
      invoice.close(closed, 'recoveries exhausted: nothing more expected');
      return invoice.finish(target, 'CLOSED', `${reason}, indemnified, recovered in part, closed`, closed);
    }
    if (paid + 10 <= h && this.rng.chance(0.3)) invoice.recover(this.rng.int(paid + 10, h), this.rng.int(10, 30) / 100);
    return invoice.finish('INDEMNIFIED', 'INDEMNIFIED', `${reason}, indemnified`, h);
  }

  /** Unpaid, declared in time, handed to collection, past the waiting period by the filing date. */
  private protractedSetup(filed: number): Invoice | undefined {
    const term = this.term();
    const due = filed - this.ctx.policy.terms.waitingPeriodDays - this.rng.int(0, 15);
    const invoice = this.invoice(due - term, 'any', term, 'claim');
    if (!invoice) return undefined;
    invoice.decide(this.grantKind());
    invoice.ship();
    invoice.declare(due + this.rng.int(3, 50));
    const handedOver = this.handOver(invoice, due);
    if (this.rng.chance(0.3) && handedOver + 1 < filed) invoice.collectionRecovery(this.rng.int(handedOver + 1, filed - 1), this.rng.int(5, 25) / 100);
    return invoice;
  }

  /** Shipped to a buyer abroad under the political-risk option; an overdue is declared before the filing if it fell due. */
  private politicalClaimSetup(filed: number): Invoice | undefined {
    const term = this.term();
    const invoice = this.invoice(filed - this.rng.int(30, 80), 'any', term, 'claim');
    if (!invoice) return undefined;
    invoice.decide(this.grantKind());
    const shipped = invoice.ship();
    if (filed < shipped + 10) return undefined;
    if (filed > invoice.due) invoice.declare(this.rng.int(invoice.due + 1, Math.min(invoice.due + 50, filed)));
    return invoice;
  }

  private politicalPossible(): boolean {
    const political = COUNTRIES.find((c) => c.code === this.ctx.debtor.country)?.political ?? false;
    return political && this.ctx.policy.options.some((o) => o.option === 'POLITICAL_RISK' && o.effectiveFrom <= this.ctx.days[0]);
  }

  /** Claims after the debtor's insolvency: each is filed, then decided, paid, recovered and closed as far as today reaches. */
  private insolvencyClaim(): ReceivableStory | undefined {
    const { stopFrom, insolventFrom } = this.ctx.debtor;
    if (insolventFrom === null || stopFrom === null) return undefined;
    const h = this.h;
    const term = this.term();
    const invoiceDay = this.rng.int(Math.max(1, insolventFrom - 100), Math.min(stopFrom - 1, insolventFrom - 10));
    if (invoiceDay + term < insolventFrom - 40) return undefined;
    const invoice = this.invoice(invoiceDay, 'any', term, 'insolvency');
    if (!invoice) return undefined;
    invoice.decide(this.grantKind());
    const shipped = invoice.ship();
    if (shipped + 1 < Math.min(invoice.due, insolventFrom) && this.rng.chance(0.3)) invoice.pay(this.rng.int(shipped + 1, Math.min(invoice.due, insolventFrom - 1)), this.rng.int(10, 40) / 100);
    const filed = insolventFrom + this.rng.int(2, 20);
    if (filed > invoice.due + 1) invoice.declare(this.rng.int(invoice.due + 1, Math.min(invoice.due + 50, filed)));
    invoice.fileClaim(filed, 'INSOLVENCY');
    const decided = filed + this.rng.int(10, 40);
    if (decided > h) return invoice.finish('INSOLVENCY_CLAIM', 'CLAIM_FILED', 'insolvency claim, filed', h);
    const approved = this.rng.chance(0.9);
    invoice.decideClaim(decided, approved ? 'APPROVED' : 'REJECTED');
    if (!approved) return invoice.finish('INSOLVENCY_CLAIM', 'CLAIM_REJECTED', 'insolvency claim, rejected', h);
    const paid = decided + this.rng.int(5, 25);
    if (paid > h) return invoice.finish('INSOLVENCY_CLAIM', 'CLAIM_APPROVED', 'insolvency claim, approved', h);
    invoice.payIndemnity(paid);
    const dividend = paid + this.rng.int(30, 120);
    if (dividend > h || this.rng.chance(0.4)) return invoice.finish('INSOLVENCY_CLAIM', 'INDEMNIFIED', 'insolvency claim, indemnified', h);
    invoice.recover(dividend, this.rng.int(5, 20) / 100);
    const closed = dividend + this.rng.int(1, 30);
    if (closed > h || this.rng.chance(0.5)) return invoice.finish('INSOLVENCY_CLAIM', 'INDEMNIFIED', 'insolvency claim, indemnified, liquidator paid a dividend', h);
    invoice.close(closed, 'liquidation closed: nothing more expected');
    return invoice.finish('INSOLVENCY_CLAIM', 'CLOSED', 'insolvency claim, indemnified, dividend, closed', closed);
  }

  // ---- ended

  private closed(): ReceivableStory | undefined {
    const variant = this.rng.weighted<'dispute' | 'indemnity' | 'writeOff' | 'rejection'>([['dispute', 45], ['indemnity', 25], ['writeOff', 20], ['rejection', 10]]);
    if (variant === 'indemnity' || variant === 'rejection') return this.claim('CLOSED', variant);
    const term = this.term();
    if (variant === 'dispute') {
      const invoice = this.invoice(this.rng.int(1, this.h - term - 10), 'any', term);
      if (!invoice) return undefined;
      invoice.decide(this.grantKind());
      const shipped = invoice.ship();
      const opened = this.rng.int(shipped + 3, invoice.due);
      const resolved = opened + this.rng.int(10, 60);
      if (resolved > this.h) return undefined;
      invoice.openDispute(opened);
      invoice.resolveDispute(resolved, 'CANCELLED');
      return invoice.finish('CLOSED', 'CLOSED', 'disputed, debt cancelled', resolved);
    }
    const due = this.rng.int(term + 1, this.h - 100);
    const invoice = this.invoice(due - term, 'any', term);
    if (!invoice) return undefined;
    invoice.decide(this.grantKind());
    invoice.ship();
    const closed = due + this.rng.int(90, 200);
    if (closed > this.h) return undefined;
    invoice.close(closed, 'written off: cover voided (overdue never declared), nothing recoverable');
    return invoice.finish('CLOSED', 'CLOSED', 'in collection, cover voided, written off', closed);
  }

  private settled(): ReceivableStory | undefined {
    const variant = this.rng.weighted<'onTime' | 'late' | 'instalments' | 'collection' | 'disputeUpheld' | 'refused'>([
      ['onTime', 60],
      ['late', 18],
      ['instalments', 12],
      ['collection', 5],
      ['disputeUpheld', 2],
      ['refused', this.ctx.named ? 3 : 0],
    ]);
    const tail = { onTime: 0, late: 25, instalments: 20, collection: 125, disputeUpheld: 100, refused: 12 }[variant];
    const term = this.term();
    const latest = this.h - term - tail;
    if (latest < 1) return undefined;
    const invoice = this.invoice(this.rng.int(1, latest), variant === 'refused' ? 'manual' : 'any', term);
    if (!invoice) return undefined;
    const due = invoice.due;
    if (variant === 'refused') {
      invoice.decide('REFUSED');
      const shipped = invoice.ship(this.rng.int(1, 3));
      const paid = Math.max(shipped + 1, due + this.rng.int(-5, 10));
      invoice.pay(paid, 'rest');
      return invoice.finish('SETTLED', 'SETTLED', 'cover refused, shipped uninsured, paid', paid, null);
    }
    invoice.decide(this.grantKind());
    const shipped = invoice.ship();
    let last: number;
    switch (variant) {
      case 'onTime':
        last = Math.max(shipped + 1, due - this.rng.int(0, 10));
        invoice.pay(last, 'rest');
        break;
      case 'late':
        last = due + this.rng.int(1, 25);
        invoice.pay(last, 'rest');
        break;
      case 'instalments': {
        const first = this.rng.int(shipped + 1, Math.max(shipped + 1, due - 5));
        invoice.pay(first, this.rng.int(30, 50) / 100);
        let previous = first;
        if (this.rng.chance(0.4)) invoice.pay((previous = this.rng.int(previous + 1, previous + 15)), this.rng.int(30, 60) / 100);
        last = Math.max(previous + 1, due + this.rng.int(-5, 20));
        invoice.pay(last, 'rest');
        break;
      }
      case 'collection': {
        const handedOver = this.handOver(invoice, due);
        last = handedOver + this.rng.int(10, 90);
        invoice.declare(this.rng.int(due + 5, Math.min(due + 40, last - 1)));
        if (this.rng.chance(0.5)) invoice.collectionRecovery(this.rng.int(handedOver, last - 1), this.rng.int(20, 60) / 100);
        invoice.collectionRecovery(last, 'rest');
        break;
      }
      case 'disputeUpheld': {
        const opened = this.rng.int(shipped + 2, Math.max(shipped + 2, due - 5));
        const resolved = opened + this.rng.int(7, 40);
        invoice.openDispute(opened);
        invoice.resolveDispute(resolved, 'UPHELD');
        last = resolved + this.rng.int(1, 20);
        invoice.pay(last, 'rest');
        break;
      }
    }
    return invoice.finish('SETTLED', 'SETTLED', { onTime: 'paid on time', late: 'paid late', instalments: 'paid in instalments', collection: 'recovered in full by collection', disputeUpheld: 'disputed, upheld, paid' }[variant], last);
  }

  // ---- shared

  /** Automatic at due + 30 mostly; sometimes a claims handler hands over earlier. Returns the hand-over day. */
  private handOver(invoice: Invoice, due: number): number {
    if (this.rng.chance(0.8)) return due + 30;
    const day = due + this.rng.int(8, 25);
    invoice.handOver(day);
    return day;
  }

  private grantKind(): 'GRANTED' | 'PARTIAL' {
    return this.rng.chance(0.8) ? 'GRANTED' : 'PARTIAL';
  }

  private term(): number {
    const max = this.ctx.policy.terms.maxCreditTermDays;
    return this.rng.weighted(TERMS.filter(([days]) => days <= max));
  }

  /**
   * The registration: amount and currency for this buyer, decided automatically or by an
   * underwriter as the amount implies (`manual` forces a request above the discretionary
   * limit, `auto` one within it). Undefined when the debtor cannot take it (no new business
   * after a rating fall, an insolvency before it ends, no named limit for a manual decision).
   */
  private invoice(day: number, decision: 'manual' | 'auto' | 'any', term = this.term(), claim?: 'claim' | 'insolvency'): Invoice | undefined {
    const { debtor, policy, named, days } = this.ctx;
    if (day < 1 || day > this.h) return undefined;
    if (debtor.stopFrom !== null && day >= debtor.stopFrom) return undefined;
    if (claim === 'insolvency' && debtor.insolventFrom === null) return undefined;
    if (decision === 'manual' && !named) return undefined;
    const disc = policy.terms.discretionaryLimit;
    const currency = this.currencyFor();
    const rate = currency === policy.currency ? null : this.ctx.fxRateOn(currency, policy.currency, day);
    let wanted: number;
    if (decision === 'manual') wanted = disc * (1.1 + Math.min(this.rng.pareto(1.3) - 1, 30));
    else if (!named || decision === 'auto') wanted = disc * (0.02 + 0.23 * this.rng.next());
    else {
      wanted = this.rng.logNormal(MEDIAN_COVER[policy.product] * Math.pow(debtor.size, 0.2), 1);
      if (this.rng.chance(0.1)) wanted *= Math.min(this.rng.pareto(1.5), 50);
      wanted = Math.min(wanted, disc * 200);
      // Claims are on invoices worth an underwriter's time: above the deductible many times over.
      if (claim) wanted = Math.max(wanted, disc * 0.6);
    }
    const amount = Math.max(10_000, Math.round(rate === null ? wanted : wanted / rate));
    const cover = rate === null ? amount : this.ctx.convert(amount, currency, rate, policy.currency);
    const manual = cover > disc;
    if ((decision === 'manual' && !manual) || (decision === 'auto' && manual)) return undefined;
    // Near the threshold a rounding could flip the decision: keep clear of it.
    if (Math.abs(cover - disc) < disc * 0.02) return undefined;
    if (manual && !named) return undefined;
    return new Invoice(this.ctx, this.rng, day, term, amount, currency, rate, cover, manual, days);
  }

  /** Buyers abroad are often invoiced in their own currency (USD, GBP, CHF) at the day's rate. */
  private currencyFor(): string {
    const policyCurrency = this.ctx.policy.currency;
    const local = COUNTRIES.find((c) => c.code === this.ctx.debtor.country)?.currency ?? 'EUR';
    if (local !== policyCurrency && this.rng.chance(0.35)) return local;
    return policyCurrency;
  }
}

/** The steps of one receivable as they are planned, with its outstanding kept exact in minor units. */
class Invoice {
  readonly due: number;
  private readonly steps: Step[] = [];
  private outstanding: number;
  private decidedOn: number;
  private granted = 0;
  private refused = false;
  private shippedOn: number | null = null;
  private payments = 0;

  constructor(
    private readonly ctx: StoryContext,
    private readonly rng: Prng,
    readonly day: number,
    readonly term: number,
    readonly amount: number,
    readonly currency: string,
    readonly fxRate: number | null,
    readonly cover: number,
    readonly manual: boolean,
    private readonly days: readonly CalendarDate[],
  ) {
    this.due = day + term;
    this.outstanding = amount;
    this.decidedOn = day;
    const body: Record<string, unknown> = { invoiceDate: days[day], dueDate: this.date(this.due), amount, currency };
    if (fxRate !== null) body.fxRate = fxRate;
    // A request an underwriter decides carries its instant, so that the 24-hour turnaround means something.
    if (manual) body.requestedAt = this.instant(day, this.rng.int(8, 14));
    this.steps.push({ day, kind: 'register', body });
  }

  /** An underwriter's decision 0–2 days after the request; automatic ones happened at registration. */
  decide(kind: 'GRANTED' | 'PARTIAL' | 'REFUSED'): void {
    if (!this.manual) {
      this.granted = this.cover;
      return;
    }
    const day = Math.min(this.day + this.rng.weighted([[0, 2], [1, 3], [2, 1]]), this.ctx.horizon);
    const hour = day === this.day ? this.rng.int(15, 17) : this.rng.int(8, 17);
    const body: Record<string, unknown> = { decision: kind, decidedAt: this.instant(day, hour) };
    if (kind === 'PARTIAL') body.amount = Math.max(1, Math.round(this.cover * (0.5 + 0.4 * this.rng.next())));
    if (kind === 'REFUSED') body.reason = this.rng.pick(REFUSALS);
    else body.conditions = ['payment terms as invoiced'];
    this.granted = kind === 'REFUSED' ? 0 : ((body.amount as number | undefined) ?? this.cover);
    this.refused = kind === 'REFUSED';
    this.decidedOn = day;
    this.steps.push({ day, kind: 'decideCover', body });
  }

  /** Shipped 0–3 days after the decision (a given delay for an uninsured shipment), never after today. */
  ship(delay = this.rng.weighted([[0, 2], [1, 3], [2, 2], [3, 1]])): number {
    const day = Math.min(this.decidedOn + delay, this.ctx.horizon);
    this.shippedOn = day;
    this.steps.push({ day, kind: 'ship', body: { shippedAt: this.date(day) } });
    return day;
  }

  pay(day: number, part: number | 'rest'): void {
    const amount = this.part(part);
    this.steps.push({ day, kind: 'pay', body: { amount, receivedAt: this.date(day), reference: `transfer ${this.date(day)}/${++this.payments}` } });
  }

  collectionRecovery(day: number, part: number | 'rest'): void {
    this.steps.push({ day, kind: 'collectionRecovery', body: { amount: this.part(part), recoveredAt: this.date(day) } });
  }

  recover(day: number, part: number): void {
    this.steps.push({ day, kind: 'recover', body: { amount: this.part(part), recoveredAt: this.date(day) } });
  }

  declare(day: number): void {
    this.steps.push({ day, kind: 'declareOverdue', body: { declaredAt: this.date(day) } });
  }

  handOver(day: number): void {
    this.steps.push({ day, kind: 'handOver', body: { handedOverAt: this.date(day), agency: this.rng.pick(AGENCIES) } });
  }

  openDispute(day: number): void {
    this.steps.push({ day, kind: 'openDispute', body: { openedAt: this.date(day), reason: this.rng.pick(DISPUTE_REASONS) } });
  }

  resolveDispute(day: number, outcome: 'UPHELD' | 'CANCELLED'): void {
    this.steps.push({ day, kind: 'resolveDispute', body: { resolvedAt: this.date(day), outcome } });
  }

  fileClaim(day: number, reason: 'INSOLVENCY' | 'PROTRACTED_DEFAULT' | 'POLITICAL'): void {
    this.steps.push({ day, kind: 'fileClaim', body: { reason, filedAt: this.date(day) } });
  }

  decideClaim(day: number, decision: 'APPROVED' | 'REJECTED'): void {
    this.steps.push({ day, kind: 'decideClaim', body: decision === 'APPROVED' ? { decision, decidedAt: this.date(day) } : { decision, decidedAt: this.date(day), reason: this.rng.pick(REJECTIONS) } });
  }

  payIndemnity(day: number): void {
    this.steps.push({ day, kind: 'payIndemnity', body: { paidAt: this.date(day) } });
  }

  close(day: number, reason: string): void {
    this.steps.push({ day, kind: 'close', body: { closedAt: this.date(day), reason } });
  }

  /**
   * The story, with the days its cover may stand on the limit: from the decision until `end`
   * (the day it settles or closes, the lapse, or today) — or `reservation: null` when refused.
   */
  finish(target: Target, expected: Status, variant: string, end: number, reservation?: { until: number } | null): ReceivableStory | undefined {
    if (this.steps.some((s) => s.day > this.ctx.horizon || s.day < this.day)) return undefined;
    const { debtor } = this.ctx;
    const open = expected !== 'SETTLED' && expected !== 'CLOSED';
    // A debtor's other receivables end before its insolvency; claims on it are planned for it.
    if (debtor.insolventFrom !== null && target !== 'INSOLVENCY_CLAIM' && (open || end >= debtor.insolventFrom - 1)) return undefined;
    if (this.shippedOn !== null && debtor.stopFrom !== null && this.shippedOn >= debtor.stopFrom + 25) return undefined;
    const holds = reservation !== null && !this.refused && this.granted > 0;
    const steps = this.steps.map((s, i) => [s, i] as const).sort(([a, i], [b, j]) => a.day - b.day || i - j).map(([s]) => s);
    checkEnds(steps, this.amount);
    return {
      target,
      expected,
      variant,
      invoiceDay: this.day,
      manual: this.manual,
      cover: this.cover,
      reservation: holds ? { from: this.decidedOn, until: reservation?.until ?? (open ? this.ctx.horizon : end), amount: this.granted } : null,
      // By day; a day's steps keep the order they were planned in.
      steps,
    };
  }

  private part(part: number | 'rest'): number {
    const amount = part === 'rest' ? this.outstanding : Math.min(Math.max(1, Math.round(this.outstanding * part)), this.outstanding - 1);
    if (amount < 1) throw new Error('plan error: nothing left to pay');
    this.outstanding -= amount;
    return amount;
  }

  private date(day: number): CalendarDate {
    return this.days[day] ?? addDaysFrom(this.days, day);
  }

  private instant(day: number, hour: number): string {
    return `${this.date(day)}T${String(hour).padStart(2, '0')}:${String(this.rng.int(0, 59)).padStart(2, '0')}:00Z`;
  }
}

/** A plan error, not a refusal: nothing may follow the step that settles or closes a receivable. */
function checkEnds(steps: readonly Step[], amount: number): void {
  let outstanding = amount;
  let ended: Step | undefined;
  for (const step of steps) {
    if (ended) throw new Error(`plan error: ${step.kind} on day ${step.day} after ${ended.kind} on day ${ended.day} ended the receivable`);
    if (step.kind === 'pay' || step.kind === 'collectionRecovery' || step.kind === 'recover') outstanding -= step.body.amount as number;
    if (outstanding < 0) throw new Error(`plan error: ${step.kind} on day ${step.day} pays more than the outstanding`);
    if (outstanding === 0 || step.kind === 'close' || (step.kind === 'resolveDispute' && step.body.outcome === 'CANCELLED')) ended = step;
  }
}

/** Dates past the last day (a due date after today). */
function addDaysFrom(days: readonly CalendarDate[], day: number): CalendarDate {
  const last = Date.parse(`${days[days.length - 1]}T00:00:00Z`);
  return new Date(last + (day - (days.length - 1)) * 86_400_000).toISOString().slice(0, 10);
}
