import { CalendarDate } from '@tc/kernel';
import { ReceivableState, isOpen, isRegistered, outstandingOf, toPolicyCurrency } from './receivable.state';

/**
 * DOMAIN.md "Reservation": what this receivable holds on its debtor's limit (policy
 * currency). The granted cover until shipment — zero once its validity passed before
 * shipment (`date` after validUntil); after shipment min(cover in force, outstanding in
 * policy currency), so payments free the limit; zero once settled, closed, refused, voided
 * or shipped uninsured. The application layer brings the credit limit in line with it
 * after each command.
 */
export function reservationOf(state: ReceivableState, date: CalendarDate): number {
  if (!isRegistered(state) || !isOpen(state) || state.coverVoided) return 0;
  const { cover, shipment } = state;
  if (!cover || cover.decision === 'REFUSED') return 0;
  if (!shipment) return cover.validUntil !== null && date <= cover.validUntil ? cover.amount : 0;
  if (!shipment.insured) return 0;
  return Math.max(0, Math.min(shipment.coverInForce, toPolicyCurrency(state, outstandingOf(state))));
}
