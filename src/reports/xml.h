/*
 * xml.h — Open311's XML answers, written with libxml2's xmlTextWriter from
 * the same JSON value the .json answer sends, so the two formats cannot
 * drift apart. Api-private (reports/api*.c).
 */
#ifndef JW_REPORTS_XML_H
#define JW_REPORTS_XML_H

#include <jansson.h>
#include <libxml/xmlwriter.h>

struct jw_arena;

/*
 * Renders v as an XML document (UTF-8, with the declaration): an array
 * becomes <root> holding one <item> per element; an object becomes <root>
 * (item == NULL) holding one element per member. Nested arrays are named by
 * their member ("attributes" holds <attribute>, "values" <value>, anything
 * else <item>); true/false as text, null as an empty element. Returns the
 * text (arena-owned) or NULL when libxml2 fails.
 */
char *jw_report_xml(struct jw_arena *a, json_t *v, const char *root, const char *item);

/*
 * Writes <name>text</name> to w as xmlTextWriterWriteElement() does, but
 * never a character XML 1.0 forbids: every byte sequence of text that is
 * not one (U+FFFE, U+FFFF, C0 controls but TAB/LF/CR, invalid UTF-8) comes
 * out as U+FFFD. Both writers of Open311 XML (jw_report_xml and the request
 * list) write text only this way. Returns xmlTextWriter's result (< 0:
 * failed).
 */
int jw_report_xml_element(xmlTextWriterPtr w, const char *name, const char *text);

#endif
