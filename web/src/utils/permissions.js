// What each role may see and do in the staff console; the server enforces
// the same rules, this only decides which menus and buttons are shown.

const has = (...roles) => (role) => roles.includes(role)

export const can = {
  manageUnits: has('sysadmin', 'unit_admin'),
  manageOfficers: has('sysadmin', 'unit_admin', 'station_chief'),
  viewStaff: has('sysadmin', 'secadmin', 'unit_admin', 'station_chief'),
  manageStaff: has('sysadmin', 'unit_admin'),
  changeRoles: has('secadmin'),
  requestAdminReset: has('sysadmin', 'secadmin'),
  viewAudit: has('auditor'),
  seeWholeBureau: has('sysadmin', 'secadmin', 'auditor'),
  // Service hall (issue 3): work cases, supervise deadlines, edit the catalogue and holidays.
  handleCases: has('auxiliary', 'officer', 'station_chief', 'unit_admin', 'sysadmin'),
  superviseCases: has('station_chief', 'unit_admin', 'sysadmin'),
  decideCases: has('station_chief', 'unit_admin', 'sysadmin'),
  editCatalogue: has('sysadmin'),
  editCalendar: has('sysadmin'),
  // Payments (issue 9): the finance office reads orders, refunds and totals;
  // a cashier asks for refunds, a finance approver decides them (never their
  // own: the server refuses that), both reconcile; the auditor only reads.
  viewPayments: has('cashier', 'finance_approver', 'auditor'),
  requestRefund: has('cashier'),
  decideRefund: has('finance_approver'),
  reconcilePayments: has('cashier', 'finance_approver'),
  // Hotspots (issue 10): community police read (auxiliaries too), officers,
  // chiefs and unit admins register and report; chiefs and unit admins list
  // and check (the server also checks the listing level).
  viewHotspots: has('auxiliary', 'officer', 'station_chief', 'unit_admin'),
  editHotspots: has('officer', 'station_chief', 'unit_admin'),
  decideHotspots: has('station_chief', 'unit_admin'),
  // Community policing (issue 10): grids, residents, rental houses, groups;
  // the server narrows each to the user's grids or unit.
  communityWork: has('auxiliary', 'officer', 'station_chief', 'unit_admin'),
  // Citizen reports (issue 10): worked by community police, never by whole-bureau roles.
  workReports: has('auxiliary', 'officer', 'station_chief', 'unit_admin'),
  // Community policing (issue 10): the stolen-vehicle registry and the prevention bus;
  // police decide, auxiliaries read and record.
  workCommunity: has('auxiliary', 'officer', 'station_chief', 'unit_admin'),
  decideCommunity: has('officer', 'station_chief', 'unit_admin'),
  cancelStolen: has('station_chief', 'unit_admin'),
  // Consultations (issue 11): community and station staff answer them.
  workConsultations: has('auxiliary', 'officer', 'station_chief', 'unit_admin'),
  // Police news (issue 12): police write, chiefs and admins review (never their own:
  // the server refuses that).
  writeNews: has('officer', 'station_chief', 'unit_admin', 'sysadmin'),
  reviewNews: has('station_chief', 'unit_admin', 'sysadmin'),
}

export const STAFF_ROLES = ['auxiliary', 'officer', 'station_chief', 'unit_admin', 'sysadmin', 'secadmin', 'auditor', 'cashier', 'finance_approver']

// Roles a user may give when creating a staff account.
export function creatableRoles(role) {
  const roles = ['auxiliary', 'officer', 'station_chief']
  return role === 'sysadmin' ? [...roles, 'unit_admin'] : roles
}
