// Shared by the consultation and event tests.

/* The demo officer's record (linked by the residents seed once merged; linked here until then). */
export async function linkOfficer(s) {
  const baiyunId = Number(await s.value("SELECT id FROM units WHERE name = '白云派出所'"));
  let rec = Number(await s.value("SELECT o.id FROM officers o JOIN users u ON u.id = o.user_id WHERE u.login = 'officer'") || 0);
  if (!rec) {
    const community = Number(await s.value(
      `SELECT id FROM units WHERE parent_id = ${baiyunId} AND kind = 'community_station' ORDER BY id LIMIT 1`));
    rec = Number(await s.value(`SELECT id FROM officers WHERE unit_id = ${community}`
      + " AND kind = 'police' AND user_id IS NULL ORDER BY rank, id LIMIT 1"));
    await s.sql(`UPDATE officers SET user_id = (SELECT id FROM users WHERE login = 'officer') WHERE id = ${rec}`);
  }
  await s.sql(`UPDATE officers SET accepts_appointments = 1 WHERE id = ${rec}`);
  return { baiyunId, rec };
}
