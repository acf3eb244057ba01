import { CalendarDate, Money, addDays, isCalendarDate } from '@tc/kernel';
import { Prng, WeightedIndex } from './prng';
import { COUNTRIES, CountryProfile, NAME_STEMS, SECTOR_LIST, SECTOR_WEIGHTS, SECTOR_WORDS, fxRateOn } from './reference-data';
import { ReceivableStory, StoryContext, TARGET_SHARES, Target, planStory } from './stories';

/**
 * The portfolio a seed writes, decided entirely before the first request: policies of every
 * product, debtors with ratings and a few falls and insolvencies, named limits, and one story
 * per receivable (its requests, each on its business day). Pure and deterministic: the same
 * options give the same plan, whatever the machine.
 *
 * Outcomes must not depend on the order in which concurrent requests reach the service, or
 * two runs of one seed would differ. The plan makes sure of it:
 * - every credit limit is sized above the most its receivables can ever reserve at once (a
 *   conservative sweep over their cover intervals), so each automatic or manual decision
 *   fits whatever else is decided the same day;
 * - no new business goes to a debtor once its rating falls to 3 or lower (the limit reduction
 *   that follows takes effect 30 days later), and a debtor's other receivables end before it
 *   is declared insolvent;
 * - claim decisions, the one step whose result depends on other receivables (the aggregate
 *   first loss and the maximum liability of a policy year), are sent per policy in order.
 */

export interface PlanOptions {
  readonly receivables: number;
  readonly policies: number;
  readonly debtors: number;
  readonly seed: number;
  /** The last business day of the history; it starts HISTORY_DAYS earlier. */
  readonly today: CalendarDate;
}

export const HISTORY_DAYS = 365;

export type Product = 'SMALL_FLAT' | 'SME_MODULAR' | 'MIDCAP_GLOBAL' | 'GROUP_MASTER';
export type OptionName = 'POLITICAL_RISK' | 'PRE_SHIPMENT' | 'EXCESS_OF_LOSS';

export interface PolicyPlan {
  readonly key: string;
  readonly product: Product;
  readonly currency: string;
  /** Index of the master policy of a sub-policy. */
  readonly parent: number | null;
  readonly policyholder: { readonly name: string; readonly legalId: string; readonly country: string };
  readonly effectiveFrom: CalendarDate;
  readonly annualPremium: number;
  readonly premiumRate: number | null;
  readonly estimatedTurnover: number;
  readonly terms: PolicyTermsPlan;
  readonly options: readonly { readonly option: OptionName; readonly effectiveFrom: CalendarDate; readonly aggregateFirstLoss?: number }[];
}

export interface PolicyTermsPlan {
  readonly insuredPercentage: number;
  readonly maxCreditTermDays: number;
  readonly discretionaryLimit: number;
  readonly waitingPeriodDays: number;
  readonly deductible: number;
}

export interface DebtorEvent {
  readonly day: number;
  readonly kind: 'rating' | 'insolvency';
  readonly grade?: number;
}

export interface DebtorPlan {
  readonly key: string;
  readonly legalId: string;
  readonly country: string;
  readonly name: string;
  readonly sector: string;
  /** Relative buying power (Pareto): drives how much and how big it buys. */
  readonly size: number;
  readonly initialGrade: number;
  /** Rating changes and insolvency after the first day. */
  readonly events: readonly DebtorEvent[];
  /** No new receivable from this day on (a rating fall to 3 or lower). */
  readonly stopFrom: number | null;
  readonly insolventFrom: number | null;
}

export interface LimitPlan {
  readonly policy: number;
  readonly debtor: number;
  /** Policy currency, minor units. */
  readonly amount: number;
  readonly topUp: { readonly day: number; readonly amount: number; readonly until: number } | null;
}

export interface DeclarationPlan {
  readonly policy: number;
  readonly day: number;
  readonly period: CalendarDate;
  readonly insuredTurnover: number;
}

export type ReceivablePlan = ReceivableStory & { readonly policy: number; readonly debtor: number; readonly invoiceNumber: string };

export interface PortfolioPlan {
  readonly options: PlanOptions;
  /** days[i] is the business date of day i; day 0 sets the portfolio up, the last is today. */
  readonly days: readonly CalendarDate[];
  readonly policies: readonly PolicyPlan[];
  readonly debtors: readonly DebtorPlan[];
  readonly limits: readonly LimitPlan[];
  /** Sorted by invoice date (and so by invoice number). */
  readonly receivables: readonly ReceivablePlan[];
  readonly declarations: readonly DeclarationPlan[];
}

/** Defaults that scale with the size asked for: about 15 receivables a debtor, 1,000 a policy. */
export function defaultCounts(receivables: number): { policies: number; debtors: number } {
  return { policies: clamp(Math.round(receivables / 1_000), 6, 200), debtors: clamp(Math.round(receivables / 15), 24, 20_000) };
}

export const MIN_POLICIES = 5;
export const MIN_DEBTORS = 10;

export function planPortfolio(options: PlanOptions): PortfolioPlan {
  const { receivables: count, seed, today } = options;
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError('receivables must be a positive integer');
  if (options.policies < MIN_POLICIES) throw new RangeError(`at least ${MIN_POLICIES} policies: one of each product and a sub-policy`);
  if (options.debtors < MIN_DEBTORS) throw new RangeError(`at least ${MIN_DEBTORS} debtors`);
  if (!isCalendarDate(today)) throw new RangeError(`today must be a date (YYYY-MM-DD), not ${today}`);

  const start = addDays(today, -HISTORY_DAYS);
  const days = Array.from({ length: HISTORY_DAYS + 1 }, (_, i) => addDays(start, i));
  const debtors = planDebtors(options, new Prng(seed, 'debtors'));
  planDebtorFates(debtors, count, new Prng(seed, 'fates'));
  const policies = planPolicies(options, days, new Prng(seed, 'policies'));
  const buyers = planBuyers(policies, debtors, new Prng(seed, 'buyers'));

  const rng = new Prng(seed, 'receivables');
  const placer = new StoryPlacer(policies, debtors, buyers, days, rng);
  const stories = shuffledTargets(count, rng).map((target) => placer.place(target));
  // By invoice date, so that invoice numbers follow the calendar.
  const keys = Float64Array.from(stories, (s) => (s.invoiceDay * 65_536 + s.policy) * 65_536 + s.debtor);
  const order = stories.map((_, i) => i).sort((a, b) => keys[a] - keys[b]); // stable: ties keep their draw order
  const receivables: ReceivablePlan[] = order.map((index, i) => {
    const story = stories[index];
    story.invoiceNumber = `INV-${days[story.invoiceDay].slice(0, 7).replace('-', '')}-${String(i + 1).padStart(6, '0')}`;
    return story;
  });

  const limits = sizeLimits(policies, debtors, buyers, receivables, new Prng(seed, 'limits'));
  const declarations = planDeclarations(policies, receivables, days);
  const finalPolicies = finishPolicies(policies, receivables, new Prng(seed, 'premiums'));
  return { options, days, policies: finalPolicies, debtors, limits, receivables, declarations };
}

// ---------------------------------------------------------------- debtors

type MutableDebtor = { -readonly [K in keyof DebtorPlan]: K extends 'events' ? DebtorEvent[] : DebtorPlan[K] };

const SIZE_CAP = 2_000;

function planDebtors({ debtors: count, seed }: PlanOptions, rng: Prng): MutableDebtor[] {
  const countryPick = new WeightedIndex(COUNTRIES.map((c) => c.weight));
  const sectorWeights = SECTOR_LIST.map((s) => [s, SECTOR_WEIGHTS[s]] as const);
  const debtors: MutableDebtor[] = [];
  for (let i = 0; i < count; i++) {
    const country: CountryProfile = COUNTRIES[countryPick.draw(rng)];
    // Every sector of the vocabulary appears, however small the portfolio.
    const sector = i < SECTOR_LIST.length ? SECTOR_LIST[i] : rng.weighted(sectorWeights);
    const size = Math.min(SIZE_CAP, rng.pareto(1.16));
    const name = `${rng.pick(NAME_STEMS)} ${rng.pick(SECTOR_WORDS[sector])} ${rng.pick(country.legalForms)}`;
    debtors.push({
      key: `D${String(i + 1).padStart(5, '0')}`,
      legalId: `${country.code}${String(seed % 1000).padStart(3, '0')}${String(i + 1).padStart(7, '0')}`,
      country: country.code,
      // Two buyers may share a trade name; the number keeps the list readable.
      name: `${name} (${i + 1})`,
      sector,
      size,
      initialGrade: size > 30 ? rng.int(6, 9) : rng.weighted([[4, 1], [5, 3], [6, 4], [7, 3], [8, 2], [9, 1]]),
      events: [],
      stopFrom: null,
      insolventFrom: null,
    });
  }
  return debtors;
}

/** A few mid-sized buyers fail (rating to 2, then insolvency), a few fall to 3, some move a notch. */
function planDebtorFates(debtors: MutableDebtor[], receivables: number, rng: Prng): void {
  const bySize = debtors.map((_, i) => i).sort((a, b) => debtors[b].size - debtors[a].size);
  // The biggest buyers stay sound: the book's concentration should not vanish with one insolvency.
  const candidates = bySize.slice(Math.floor(bySize.length * 0.1), Math.max(Math.floor(bySize.length * 0.8), 2));
  const taken = new Set<number>();
  const take = () => {
    for (let tries = 0; tries < 100; tries++) {
      const i = rng.pick(candidates);
      if (!taken.has(i)) return taken.add(i), i;
    }
    return undefined;
  };
  if (receivables >= 40) {
    const insolvent = Math.max(1, Math.round(debtors.length * 0.004));
    for (let n = 0; n < insolvent; n++) {
      const i = take();
      if (i === undefined) break;
      const insolventFrom = rng.int(130, HISTORY_DAYS - 25);
      const fall = insolventFrom - rng.int(20, 60);
      Object.assign(debtors[i], { stopFrom: fall, insolventFrom });
      debtors[i].events.push({ day: fall, kind: 'rating', grade: 2 }, { day: insolventFrom, kind: 'insolvency' });
    }
    const distressed = Math.max(1, Math.round(debtors.length * 0.008));
    for (let n = 0; n < distressed; n++) {
      const i = take();
      if (i === undefined) break;
      const fall = rng.int(60, HISTORY_DAYS - 10);
      debtors[i].stopFrom = fall;
      debtors[i].events.push({ day: fall, kind: 'rating', grade: 3 });
    }
  }
  // Ordinary moves: informational upgrades, warning downgrades that stay above 3.
  debtors.forEach((debtor, i) => {
    if (taken.has(i) || !rng.chance(0.08)) return;
    const grade = clamp(debtor.initialGrade + rng.pick([-2, -1, -1, 1, 1, 2]), 4, 10);
    if (grade !== debtor.initialGrade) debtor.events.push({ day: rng.int(20, HISTORY_DAYS - 1), kind: 'rating', grade });
  });
}

// ---------------------------------------------------------------- policies

export interface DraftPolicy extends Omit<PolicyPlan, 'annualPremium' | 'premiumRate' | 'estimatedTurnover'> {
  /** Relative volume of receivables. */
  readonly volume: number;
}

const HOME_COUNTRIES = ['FR', 'DE', 'IT', 'ES', 'NL', 'BE', 'AT'];
const SUB_CURRENCIES: readonly (readonly [string, string])[] = [
  ['GBP', 'GB'],
  ['USD', 'US'],
  ['CHF', 'CH'],
  ['PLN', 'PL'],
  ['EUR', 'ES'],
];

function planPolicies({ policies: count, seed }: PlanOptions, days: readonly CalendarDate[], rng: Prng): DraftPolicy[] {
  // One of each product and a sub-policy first, so that even a tiny seed has all of them.
  const kinds: (Product | 'SUB')[] = ['GROUP_MASTER', 'SUB', 'SMALL_FLAT', 'SME_MODULAR', 'MIDCAP_GLOBAL'];
  while (kinds.length < count) kinds.push(rng.weighted<Product | 'SUB'>([['SMALL_FLAT', 30], ['SME_MODULAR', 35], ['MIDCAP_GLOBAL', 20], ['SUB', 10], ['GROUP_MASTER', 5]]));
  const effectiveFrom = `${days[0].slice(0, 7)}-01`;
  const masters: number[] = [];
  return kinds.map((kind, i): DraftPolicy => {
    const key = `P${String(i + 1).padStart(4, '0')}`;
    const product: Product = kind === 'SUB' ? 'GROUP_MASTER' : kind;
    const parent = kind === 'SUB' ? rng.pick(masters) : null;
    if (kind === 'GROUP_MASTER') masters.push(i);
    const [currency, country] =
      kind === 'SUB'
        ? rng.pick(SUB_CURRENCIES)
        : product === 'SME_MODULAR'
          ? rng.weighted<readonly [string, string]>([[['EUR', rng.pick(HOME_COUNTRIES)], 9], [['GBP', 'GB'], 1]])
          : product === 'MIDCAP_GLOBAL'
            ? rng.weighted<readonly [string, string]>([[['EUR', rng.pick(HOME_COUNTRIES)], 7], [['USD', 'US'], 2], [['GBP', 'GB'], 1]])
            : ['EUR', rng.pick(HOME_COUNTRIES)];
    const profile = COUNTRIES.find((c) => c.code === country) as CountryProfile;
    const terms: PolicyTermsPlan = {
      insuredPercentage: rng.pick([85, 90, 90, 90, 95]),
      maxCreditTermDays: product === 'SMALL_FLAT' ? 90 : product === 'SME_MODULAR' ? 120 : rng.pick([120, 180]),
      discretionaryLimit: { SMALL_FLAT: 1_000_000, SME_MODULAR: 2_000_000, MIDCAP_GLOBAL: rng.pick([3_000_000, 5_000_000]), GROUP_MASTER: 5_000_000 }[product],
      waitingPeriodDays: product === 'MIDCAP_GLOBAL' && rng.chance(0.3) ? 180 : 150,
      deductible: product === 'SMALL_FLAT' || rng.chance(0.7) ? 0 : 100_000,
    };
    const options: { option: OptionName; effectiveFrom: CalendarDate; aggregateFirstLoss?: number }[] = [];
    if (product !== 'SMALL_FLAT') {
      // The first policies of a kind carry the options, so a small seed still shows each.
      if (i === 0 || i === 3 || i === 4 || rng.chance(product === 'SME_MODULAR' ? 0.4 : 0.6)) options.push({ option: 'POLITICAL_RISK', effectiveFrom });
      if (i === 3 || rng.chance(0.2)) options.push({ option: 'PRE_SHIPMENT', effectiveFrom: rng.chance(0.5) ? effectiveFrom : `${days[rng.int(60, 240)].slice(0, 7)}-01` });
      if (i === 4 || (product === 'MIDCAP_GLOBAL' && rng.chance(0.3))) options.push({ option: 'EXCESS_OF_LOSS', effectiveFrom, aggregateFirstLoss: 0 });
    }
    const volume = { SMALL_FLAT: 0.4, SME_MODULAR: 1, MIDCAP_GLOBAL: 2.5, GROUP_MASTER: kind === 'SUB' ? 1.2 : 2 }[product] * rng.logNormal(1, 0.5);
    return {
      key,
      product,
      currency,
      parent,
      policyholder: { name: `${rng.pick(NAME_STEMS)} ${rng.pick(['Industries', 'Export', 'Trading', 'Manufacturing', 'Supply'])} ${rng.pick(profile.legalForms)}`, legalId: `${country}-PH-${seed % 1000}-${i + 1}`, country },
      effectiveFrom,
      terms,
      options,
      volume,
    };
  });
}

/** Premiums and turnover follow the receivables planned under each policy (about 0.3 % of the insured turnover). */
function finishPolicies(drafts: readonly DraftPolicy[], receivables: readonly ReceivablePlan[], rng: Prng): PolicyPlan[] {
  const turnover = drafts.map(() => 0);
  for (const r of receivables) turnover[r.policy] += r.cover;
  return drafts.map(({ volume: _volume, options, ...draft }, i) => {
    const yearly = Math.max(turnover[i], 10_000_000);
    const estimatedTurnover = draft.product === 'SMALL_FLAT' ? Math.min(roundTo(yearly * rng.logNormal(1.1, 0.1), 100_000), 750_000_000) : roundTo(yearly * rng.logNormal(1.1, 0.1), 100_000);
    const premiumRate = draft.product === 'SMALL_FLAT' ? null : Math.round(clamp(0.003 * rng.logNormal(1, 0.3), 0.0012, 0.009) * 1e6) / 1e6;
    const annualPremium = roundTo(Math.max(estimatedTurnover * (premiumRate ?? 0.004), 150_000), 100);
    // The excess-of-loss first loss: about 1 % of the turnover, borne by the insured each year.
    const withTerms = options.map((o) => (o.option === 'EXCESS_OF_LOSS' ? { ...o, aggregateFirstLoss: Math.max(roundTo(estimatedTurnover * 0.01, 100_000), 100_000) } : o));
    return { ...draft, options: withTerms, annualPremium, premiumRate, estimatedTurnover };
  });
}

// ---------------------------------------------------------------- buyers and pairs

export interface Buyers {
  /** Per policy: its buyers (debtor indexes), biggest first. */
  readonly lists: readonly number[][];
  /** Per policy: draw a buyer in proportion to its size. */
  readonly picks: readonly WeightedIndex[];
  /** `policy:debtor` pairs with a named limit from day 0. */
  readonly named: Set<string>;
}

export const pairKey = (policy: number, debtor: number) => `${policy}:${debtor}`;

function planBuyers(policies: readonly DraftPolicy[], debtors: readonly MutableDebtor[], rng: Prng): Buyers {
  const totalVolume = policies.reduce((sum, p) => sum + p.volume, 0);
  // Big buyers sell to many insureds: each policy draws its buyers in proportion to size^0.7, without repeats.
  const debtorPick = new WeightedIndex(debtors.map((d) => Math.pow(d.size, 0.7)));
  const lists: number[][] = [];
  for (const policy of policies) {
    const wanted = clamp(Math.round(debtors.length * (policy.volume / totalVolume) * 1.8), 4, debtors.length);
    const chosen = new Set<number>();
    for (let tries = 0; chosen.size < wanted && tries < wanted * 50; tries++) chosen.add(debtorPick.draw(rng));
    for (let i = 0; chosen.size < wanted; i++) chosen.add(i);
    lists.push([...chosen]);
  }
  const used = new Set(lists.flat());
  const policyPick = new WeightedIndex(policies.map((p) => p.volume));
  debtors.forEach((_, i) => {
    if (!used.has(i)) lists[policyPick.draw(rng)].push(i);
  });
  const named = new Set<string>();
  lists.forEach((list, p) => {
    list.sort((a, b) => debtors[b].size - debtors[a].size || a - b);
    // The larger buyers of each policy get a named limit; SMALL_FLAT insureds lean on the discretionary one.
    const share = policies[p].product === 'SMALL_FLAT' ? 0.15 : 0.3;
    list.slice(0, Math.max(1, Math.ceil(list.length * share))).forEach((d) => named.add(pairKey(p, d)));
  });
  return { lists, picks: lists.map((list) => new WeightedIndex(list.map((d) => Math.pow(debtors[d].size, 0.8)))), named };
}

// ---------------------------------------------------------------- receivables

function shuffledTargets(count: number, rng: Prng): Target[] {
  const quotas = Object.entries(TARGET_SHARES).map(([target, share]) => [target as Target, share] as const);
  const minimum = count >= 100 ? 2 : count >= 40 ? 1 : 0;
  const targets: Target[] = [];
  for (const [target, share] of quotas) {
    if (target === 'SETTLED') continue;
    const n = Math.max(minimum, Math.round(share * count));
    for (let i = 0; i < n && targets.length < count; i++) targets.push(target);
  }
  while (targets.length < count) targets.push('SETTLED');
  for (let i = targets.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [targets[i], targets[j]] = [targets[j], targets[i]];
  }
  return targets;
}

type MutableReceivable = { -readonly [K in keyof ReceivablePlan]: ReceivablePlan[K] };

/** Draws a pair (policy by volume, then a buyer by size) until the story of a target suits it. */
class StoryPlacer {
  private readonly policyPick: WeightedIndex;
  private insolventPairs?: (readonly [number, number])[];

  constructor(
    private readonly policies: readonly DraftPolicy[],
    private readonly debtors: readonly MutableDebtor[],
    private readonly buyers: Buyers,
    private readonly days: readonly CalendarDate[],
    private readonly rng: Prng,
  ) {
    this.policyPick = new WeightedIndex(policies.map((p) => p.volume));
  }

  place(target: Target): MutableReceivable {
    for (let attempt = 0; attempt < 5_000; attempt++) {
      const [policy, debtor] = target === 'INSOLVENCY_CLAIM' ? this.rng.pick(this.insolvent()) : this.pair();
      const context: StoryContext = {
        horizon: HISTORY_DAYS,
        policy: this.policies[policy],
        debtor: this.debtors[debtor],
        named: this.buyers.named.has(pairKey(policy, debtor)),
        days: this.days,
        fxRateOn,
        convert,
      };
      const story = planStory(target, context, this.rng);
      if (story) return Object.assign(story, { policy, debtor, invoiceNumber: '' });
    }
    throw new Error(`could not place a ${target} receivable: too few debtors or policies for this portfolio`);
  }

  private pair(): readonly [number, number] {
    const policy = this.policyPick.draw(this.rng);
    return [policy, this.buyers.lists[policy][this.buyers.picks[policy].draw(this.rng)]];
  }

  /** Claims after an insolvency go to the pairs whose debtor fails. */
  private insolvent(): (readonly [number, number])[] {
    this.insolventPairs ??= this.buyers.lists.flatMap((list, p) => list.filter((d) => this.debtors[d].insolventFrom !== null).map((d) => [p, d] as const));
    if (this.insolventPairs.length === 0) throw new Error('plan error: no insolvent debtor for an insolvency claim');
    return this.insolventPairs;
  }
}

const convert = (amount: number, from: string, rate: number, to: string): number => (from === to ? amount : Money.of(amount, from).convert(rate, to).minor);

// ---------------------------------------------------------------- limits

/**
 * A named limit on the larger buyers, and on any pair whose receivables could reserve more
 * than 80 % of the discretionary limit at once: each sized well above the most its
 * receivables ever reserve together, so that no decision depends on the order of others.
 */
function sizeLimits(policies: readonly DraftPolicy[], debtors: readonly DebtorPlan[], buyers: Buyers, receivables: readonly ReceivablePlan[], rng: Prng): LimitPlan[] {
  const intervals = new Map<string, [number, number, number][]>();
  for (const r of receivables) {
    if (!r.reservation) continue;
    const key = pairKey(r.policy, r.debtor);
    let list = intervals.get(key);
    if (!list) intervals.set(key, (list = []));
    list.push([r.reservation.from, r.reservation.until, r.reservation.amount]);
  }
  const manual = new Set(receivables.filter((r) => r.manual).map((r) => pairKey(r.policy, r.debtor)));
  const limits: LimitPlan[] = [];
  const keys = new Set([...buyers.named, ...intervals.keys()]);
  const pairs = [...keys].map((key) => key.split(':').map(Number) as [number, number]).sort(([pa, da], [pb, db]) => pa - pb || da - db);
  for (const [policy, debtor] of pairs) {
    const key = pairKey(policy, debtor);
    const disc = policies[policy].terms.discretionaryLimit;
    const peak = peakOf(intervals.get(key) ?? []);
    const named = buyers.named.has(key);
    if (!named && peak <= disc * 0.8) continue;
    if (!named && manual.has(key)) throw new Error(`plan error: a manual decision on pair ${key}, which has no named limit`);
    const amount = niceAbove(Math.max(peak * (1.3 + rng.next() * 1.2), disc * 2 * Math.sqrt(debtors[debtor].size)));
    const topUp = rng.chance(0.05) ? { day: rng.int(30, HISTORY_DAYS - 60), amount: niceAbove(amount * 0.3), until: 0 } : null;
    limits.push({ policy, debtor, amount, topUp: topUp && { ...topUp, until: Math.min(topUp.day + rng.int(30, 90), HISTORY_DAYS + 60) } });
  }
  return limits;
}

/** The most reserved on any one day, counting a cover from its first to its last day inclusive. */
function peakOf(intervals: readonly [number, number, number][]): number {
  const deltas = new Map<number, number>();
  for (const [from, until, amount] of intervals) {
    deltas.set(from, (deltas.get(from) ?? 0) + amount);
    deltas.set(until + 1, (deltas.get(until + 1) ?? 0) - amount);
  }
  let running = 0;
  let peak = 0;
  for (const day of [...deltas.keys()].sort((a, b) => a - b)) {
    running += deltas.get(day) as number;
    peak = Math.max(peak, running);
  }
  return peak;
}

/** Rounded up to two significant digits: 1,234,567 → 1,300,000. */
function niceAbove(value: number): number {
  const magnitude = Math.pow(10, Math.max(0, Math.floor(Math.log10(Math.max(value, 1))) - 1));
  return Math.ceil(value / magnitude) * magnitude;
}

// ---------------------------------------------------------------- premium declarations

/** Each month's insured turnover (the covers of the invoices of that month) declared on the 10th of the next. */
function planDeclarations(policies: readonly DraftPolicy[], receivables: readonly ReceivablePlan[], days: readonly CalendarDate[]): DeclarationPlan[] {
  const turnover = new Map<string, number>();
  for (const r of receivables) {
    const key = `${r.policy}|${days[r.invoiceDay].slice(0, 7)}`;
    turnover.set(key, (turnover.get(key) ?? 0) + r.cover);
  }
  const declarations: DeclarationPlan[] = [];
  const dayOf = new Map(days.map((d, i) => [d, i]));
  policies.forEach((policy, p) => {
    for (let month = policy.effectiveFrom.slice(0, 7); ; month = nextMonth(month)) {
      const day = dayOf.get(`${nextMonth(month)}-10`);
      if (day === undefined) {
        if (`${nextMonth(month)}-10` > days[days.length - 1]) break;
        continue;
      }
      declarations.push({ policy: p, day, period: `${month}-01`, insuredTurnover: turnover.get(`${p}|${month}`) ?? 0 });
    }
  });
  return declarations;
}

const nextMonth = (month: string): string => {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

// ---------------------------------------------------------------- helpers

export const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const roundTo = (value: number, step: number) => Math.round(value / step) * step;
