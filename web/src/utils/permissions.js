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
  // Consultations (issue 11): community and station staff answer them.
  workConsultations: has('auxiliary', 'officer', 'station_chief', 'unit_admin'),
}

export const STAFF_ROLES = ['auxiliary', 'officer', 'station_chief', 'unit_admin', 'sysadmin', 'secadmin', 'auditor', 'cashier', 'finance_approver']

// Roles a user may give when creating a staff account.
export function creatableRoles(role) {
  const roles = ['auxiliary', 'officer', 'station_chief']
  return role === 'sysadmin' ? [...roles, 'unit_admin'] : roles
}
