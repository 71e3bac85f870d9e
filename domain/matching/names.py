"""Company names as compared: full-width → half-width, no brackets or spaces, no legal-form
suffix (有限公司, 集团…), no province or city prefix. '上海华东机电有限公司' → '华东机电'."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "责任公司", "股份公司", "集团公司", "集团", "公司")
_PROVINCES = ("北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 "
              "四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门").split()
_CITIES = ("苏州 杭州 南京 无锡 宁波 温州 常州 南通 嘉兴 绍兴 金华 台州 合肥 厦门 福州 泉州 济南 青岛 烟台 潍坊 郑州 武汉 "
           "长沙 广州 深圳 东莞 佛山 珠海 中山 惠州 成都 西安 昆明 贵阳 南宁 沈阳 大连 长春 哈尔滨 石家庄 太原 南昌 "
           "兰州 乌鲁木齐 呼和浩特 银川 西宁 拉萨 海口 三亚 昆山 义乌 扬州 徐州 镇江 芜湖 唐山 保定").split()
PLACES = tuple(sorted(_PROVINCES + _CITIES, key=len, reverse=True))
_PLACE_SUFFIX = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")
_BRACKETS = re.compile(r"[()\[\]{}<>《》【】〔〕「」]")
_SPACES = re.compile(r"[\s·•.,、\-_/]+")


_PLACE_PREFIX = re.compile("^(?:" + "|".join(PLACES) + ")(?:" + "|".join(_PLACE_SUFFIX) + ")?")
# A branch pays for its company: '华东机电有限公司苏州分公司' is 华东机电.
_BRANCH = re.compile("(?:" + "|".join(PLACES) + ")?(?:省|市)?(?:分公司|分厂|办事处|营业部)$")
_PLACE_IN_BRACKETS = re.compile(r"\((?:" + "|".join(PLACES) + r")(?:省|市)?\)")


def _strip_place(s: str) -> str:
    m = _PLACE_PREFIX.match(s)
    # Keep a name that is nothing but a place and a character or two ('上海市' alone, '江南').
    return s[m.end():] if m and len(s) - m.end() > 1 else s


@lru_cache(maxsize=65536)  # payers recur: the same few hundred names month after month
def normalize(name: str) -> str:
    s = unicodedata.normalize("NFKC", name or "").lower()
    # A place in brackets ('华东机电(上海)有限公司') says where, not who: drop it with its brackets.
    s = _PLACE_IN_BRACKETS.sub("", s)
    s = _BRACKETS.sub("", s)
    s = _SPACES.sub("", s)
    branch = _BRANCH.search(s)
    if branch and branch.start() > 1:
        s = s[: branch.start()]
    for _ in range(3):  # '华东机电集团有限公司': 有限公司, then 集团
        for suffix in SUFFIXES:
            if s.endswith(suffix) and len(s) > len(suffix) + 1:
                s = s[: -len(suffix)]
                break
    for _ in range(2):  # '江苏省苏州…' carries a province and a city
        s = _strip_place(s)
    return s
