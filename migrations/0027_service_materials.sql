-- 0030_service_materials: the residence items' upload steps said what their
-- guides did not (issue 12): the photo was required online although the guide
-- of 居住证申领 lists it as optional (现场采集的可免交) and the other three do
-- not list it at all. An attachment may now name the material it is
-- ("material"), and then its "required" is the material's (services/
-- catalogue.c jw_service_resolve): 居住证申领's photo names its material; the
-- others' photo, which no material of their guide asks for, is optional.
-- Plain text replacement of the stored JSON: the same on both databases.

UPDATE service_versions SET doc = REPLACE(doc,
  '{"name":"photo","label":"近期免冠证件照","required":true,',
  '{"name":"photo","label":"近期免冠证件照","required":false,"material":"近期一寸白底免冠照片",')
WHERE service_id = 1 AND doc LIKE '%"name":"近期一寸白底免冠照片"%';

UPDATE service_versions SET doc = REPLACE(doc,
  '{"name":"photo","label":"近期免冠证件照","required":true,',
  '{"name":"photo","label":"近期免冠证件照","required":false,')
WHERE service_id IN (2, 3, 4) AND doc NOT LIKE '%近期一寸白底免冠照片%';
