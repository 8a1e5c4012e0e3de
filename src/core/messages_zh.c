/*
 * messages_zh.c — the Chinese text of every message a client may see.
 *
 * Messages are written once, in English, where the error happens. This table
 * gives each English format its Chinese format, with the same conversions in
 * the same order (a unit test checks that), and jw_fail()/jw_field_fail()
 * format both. Messages passed through as "%s" are looked up by their text.
 * A message missing here is shown in English in both languages.
 */
#include <string.h>

#include "core/errors.h"

static const struct {
  const char *en, *zh;
} messages[] = {
    /* the request edge */
    {"Please sign in first.", "请先登录。"},
    {"Your role (%s) may not do this.", "您的角色（%s）无权进行此操作。"},
    {"Send the X-CSRF-Token header you received at sign-in.", "请求缺少登录时获得的 X-CSRF-Token，请刷新页面后重试。"},
    {"Send the body as application/json.", "请以 application/json 格式提交。"},
    {"The body is not valid JSON (line %d, column %d): %s", "提交的内容不是有效的 JSON（第 %d 行第 %d 列）：%s"},
    {"The request body must be a JSON object.", "提交的内容必须是 JSON 对象。"},
    {"The request body is larger than %zu bytes.", "提交的内容超过 %zu 字节的上限。"},
    {"The address is longer than %d characters.", "网址长度超过 %d 个字符。"},
    {"There is no API at %s.", "接口 %s 不存在。"},
    {"%s is not allowed here; use %s.", "此处不支持 %s 方法，请使用 %s。"},
    {"Unknown method %.16s.", "不支持的请求方法 %.16s。"},
    {"No such page: %s", "页面不存在：%s"},
    {"Only GET is allowed for pages.", "页面只能以 GET 方式访问。"},
    {"Some fields are invalid; see errors.", "部分内容填写有误，请查看各项提示。"},
    {"The database is busy; please try again.", "系统繁忙，请稍后重试。"},
    {"The database cannot be reached; please try again shortly.", "暂时无法连接数据库，请稍后重试。"},
    {"Not enough memory to hash the password; please try again.", "系统繁忙，请稍后重试。"},
    {"Out of memory.", "系统繁忙，请稍后重试。"},
    /* field messages (core/jspec.c and handlers) */
    {"must be a string", "必须是文本"},
    {"contains invalid characters", "含有无效字符"},
    {"must not be empty", "不能为空"},
    {"must have at least %lld characters", "至少 %lld 个字符"},
    {"must have at most %lld characters", "最多 %lld 个字符"},
    {"must be a whole number", "必须是整数"},
    {"must be between %lld and %lld", "必须在 %lld 到 %lld 之间"},
    {"must be true or false", "必须是 true 或 false"},
    {"must be a number", "必须是数字"},
    {"must be one of: %s", "必须是以下之一：%s"},
    {"is not a known field", "不是可接受的字段"},
    {"is required", "为必填项"},
    {"must not be null", "不能为 null"},
    {"must be a whole number from 1 to 100", "必须是 1 到 100 之间的整数"},
    {"is not a cursor this API gave", "不是本接口返回的分页游标"},
    {"must have at most 100 characters", "最多 100 个字符"},
    {"must have at most 64 characters", "最多 64 个字符"},
    {"must be a unit id", "必须是单位编号"},
    {"must be a user id", "必须是用户编号"},
    {"must be a year like 2026", "必须是年份，例如 2026"},
    /* accounts */
    {"A mobile number has 11 digits.", "手机号码应为 11 位数字。"},
    {"A mobile number has only digits.", "手机号码只能包含数字。"},
    {"A mainland mobile number starts with 13 to 19.", "大陆手机号码以 13 至 19 开头。"},
    {"An ID number has 18 characters.", "身份证号码应为 18 位。"},
    {"The first 17 characters of an ID number are digits.", "身份证号码前 17 位应为数字。"},
    {"The last character of an ID number is a digit or X.", "身份证号码最后一位应为数字或 X。"},
    {"The ID number's region code is unknown.", "身份证号码的地区码不存在。"},
    {"The ID number's date of birth is not a real date.", "身份证号码中的出生日期无效。"},
    {"The ID number's check character is wrong.", "身份证号码校验位不正确。"},
    {"must have at least 8 characters", "至少 8 个字符"},
    {"must have at most 128 characters", "最多 128 个字符"},
    {"must not be only digits", "不能全是数字"},
    {"must not be the same as the login or phone number", "不能与登录名或手机号相同"},
    {"is not your current password", "当前密码不正确"},
    {"An account with this phone number already exists.", "该手机号已注册。"},
    {"An account with this ID number already exists.", "该身份证号码已注册。"},
    {"The login %s is already taken.", "登录名 %s 已被使用。"},
    {"Wrong login or password.", "账号或密码错误。"},
    {"This account is locked after %d failed sign-ins; try again in %d minutes.",
     "连续 %d 次登录失败，账号已锁定，请 %d 分钟后再试。"},
    {"Too many attempts from your address; try again in %d seconds.", "操作过于频繁，请 %d 秒后再试。"},
    {"This account is disabled; ask your unit's administrator.", "该账号已停用，请联系本单位管理员。"},
    {"Send phone, password, name and id_number as JSON.", "请提交手机号、密码、姓名和身份证号码。"},
    {"Send login and password as JSON.", "请提交账号和密码。"},
    {"Send current_password and new_password as JSON.", "请提交当前密码和新密码。"},
    {"No such user.", "用户不存在。"},
    /* staff accounts */
    {"is not a staff role", "不是工作人员角色"},
    {"use 3 to 32 of a-z, 0-9, _ . -", "请使用 3 至 32 位小写字母、数字或 _ . -"},
    {"You may not create %s accounts; the security administrator assigns that role.",
     "您无权创建 %s 账号，该角色由安全管理员分配。"},
    {"You may not change %s accounts.", "您无权修改 %s 账号。"},
    {"You may not reset the password of %s accounts.", "您无权重置 %s 账号的密码。"},
    {"You cannot disable your own account.", "不能停用自己的账号。"},
    {"You cannot change your own role.", "不能修改自己的角色。"},
    {"There is no staff account %s among those you manage.", "您管理的范围内没有工作人员账号 %s。"},
    {"Send the account as JSON.", "请提交账号信息。"},
    {"Send name, unit_id and disabled as JSON.", "请提交姓名、所属单位和停用状态。"},
    {"Send the role as JSON.", "请提交角色。"},
    {"Send the new password as JSON.", "请提交新密码。"},
    /* directory */
    {"There is no unit %lld.", "单位 %lld 不存在。"},
    {"There is no unit %s.", "单位 %s 不存在。"},
    {"There is no unit %s among the units you manage.", "您管理的范围内没有单位 %s。"},
    {"Unit %lld is outside the units you manage.", "单位 %lld 不在您的管理范围内。"},
    {"there is no such unit", "单位不存在"},
    {"there is only one bureau", "只能有一个市局"},
    {"give both lat and lng, or neither", "经纬度须同时填写或同时不填"},
    {"a unit cannot move below itself", "单位不能移到自己的下级"},
    {"is not a unit kind", "不是有效的单位类型"},
    {"must be list or tree", "必须是 list 或 tree"},
    {"The unit still has sub-units, officers or staff accounts; move them first.",
     "该单位下仍有下级单位、民警或工作人员账号，请先调整。"},
    {"You cannot delete the unit you belong to.", "不能删除自己所在的单位。"},
    {"Send the unit as JSON.", "请提交单位信息。"},
    {"There is no officer %s.", "民警 %s 不存在。"},
    {"There is no officer %s among those you manage.", "您管理的范围内没有民警 %s。"},
    {"Badge number %s belongs to another officer.", "警号 %s 已被其他民警使用。"},
    {"is required for police officers", "民警必须填写"},
    {"must be 6 digits", "必须是 6 位数字"},
    {"auxiliary officers have no badge number", "辅警没有警号"},
    {"must be police or auxiliary", "必须是 police（民警）或 auxiliary（辅警）"},
    {"Send the officer as JSON.", "请提交民警信息。"},
    /* calendar and inbox */
    {"%s is not a date.", "%s 不是有效日期。"},
    {"%s has no calendar entry.", "%s 没有节假日设置。"},
    {"Send kind and name as JSON.", "请提交类型和名称。"},
    {"A time limit of %d working days is too long.", "%d 个工作日的时限过长。"},
    {"You have no notification %s.", "您没有编号为 %s 的消息。"},
};

static const struct {
  const char *slug, *zh;
} titles[] = {
    {"ok", "成功"},
    {"bad-request", "请求格式错误"},
    {"bad-json", "JSON 格式错误"},
    {"unauthenticated", "未登录"},
    {"forbidden", "无权操作"},
    {"csrf", "缺少或错误的 CSRF 令牌"},
    {"not-found", "未找到"},
    {"method-not-allowed", "不支持的请求方法"},
    {"conflict", "冲突"},
    {"too-large", "提交内容过大"},
    {"uri-too-long", "网址过长"},
    {"unsupported-media-type", "不支持的内容类型"},
    {"validation", "填写有误"},
    {"locked", "账号暂时锁定"},
    {"rate-limited", "操作过于频繁"},
    {"internal", "系统内部错误"},
    {"db", "数据库错误"},
    {"db-busy", "系统繁忙"},
    {"unavailable", "服务暂不可用"},
};

const char *jw_message_zh(const char *en) {
  for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++)
    if (strcmp(messages[i].en, en) == 0) return messages[i].zh;
  return NULL;
}

const char *jw_error_title_zh(enum jw_code code) {
  const char *slug = jw_error_slug(code);
  for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
    if (strcmp(titles[i].slug, slug) == 0) return titles[i].zh;
  return jw_error_title(code);
}

size_t jw_messages_zh_count(void) { return sizeof messages / sizeof messages[0]; }

void jw_messages_zh_pair(size_t i, const char **en, const char **zh) {
  *en = messages[i].en;
  *zh = messages[i].zh;
}
