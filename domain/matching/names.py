"""Company names as compared, at three levels (BANKS.md version 3: names are told apart before
anything is stripped):

- `exact_key`: the legal name itself — full-width → half-width, no brackets, spaces or dots;
- `legal_key`: that less the legal-form suffix (有限公司, 集团…), places kept;
- `normalize`: that less province and city prefixes and a place in brackets — used only to compare a
  bank's spelling with one customer's name. '上海华东机电有限公司' → '华东机电'.

A branch (分公司) is not its head office: its key keeps the branch ('华东机电@苏州分公司')."""
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
BRANCH_MARK = "@"

_PLACE_PREFIX = re.compile("^(?:" + "|".join(PLACES) + ")(?:" + "|".join(_PLACE_SUFFIX) + ")?")
_BRANCH = re.compile(r"(?:分公司|分厂|办事处|营业部)$")
_PLACE_IN_BRACKETS = re.compile(r"\((?:" + "|".join(PLACES) + r")(?:省|市)?\)")
_ANY_PLACE = re.compile("|".join(PLACES))


def _strip_place(s: str) -> str:
    m = _PLACE_PREFIX.match(s)
    # Keep a name that is nothing but a place and a character or two ('上海市' alone, '江南').
    return s[m.end():] if m and len(s) - m.end() > 1 else s


def _half(name: str) -> str:
    return unicodedata.normalize("NFKC", name or "").lower()


@lru_cache(maxsize=65536)
def exact_key(name: str) -> str:
    """The legal name as written, only its typography evened out."""
    return _SPACES.sub("", _BRACKETS.sub("", _half(name)))


# '华东机电集团有限公司': 有限公司, then 集团 — every legal form at the end, at least two characters kept.
_SUFFIX_TAIL = re.compile("^(.{2,}?)(?:" + "|".join(SUFFIXES) + ")+$")


def _strip_suffixes(s: str) -> str:
    m = _SUFFIX_TAIL.match(s)
    return m.group(1) if m else s


def _split_branch(s: str) -> tuple[str, str]:
    """'华东机电有限公司苏州分公司' → ('华东机电有限公司', '苏州分公司'): the head ends at its legal form,
    or else where the branch's place begins."""
    m = _BRANCH.search(s)
    if not m:
        return s, ""
    before = s[: m.start()]
    cut = max((before.rfind(x) + len(x) for x in SUFFIXES if x in before), default=-1)
    if cut <= 1:
        cut = max((p.start() for p in _ANY_PLACE.finditer(before) if p.start() > 1), default=-1)
    return (s[:cut], s[cut:]) if cut > 1 else (s, "")


@lru_cache(maxsize=65536)
def legal_key(name: str) -> str:
    """The name less its legal form, places kept: '江苏恒力液压有限公司' → '江苏恒力液压',
    '恒力液压（苏州）有限公司' → '恒力液压苏州'."""
    head, branch = _split_branch(_SPACES.sub("", _half(name)))
    head = _strip_suffixes(_BRACKETS.sub("", head))
    return head + (BRANCH_MARK + _BRACKETS.sub("", branch) if branch else "")


@lru_cache(maxsize=65536)  # payers recur: the same few hundred names month after month
def normalize(name: str) -> str:
    s = _SPACES.sub("", _half(name))
    head, branch = _split_branch(s)
    # A place in brackets ('华东机电(上海)有限公司') says where, not who: drop it with its brackets.
    head = _BRACKETS.sub("", _PLACE_IN_BRACKETS.sub("", head))
    head = _strip_suffixes(head)
    for _ in range(2):  # '江苏省苏州…' carries a province and a city
        head = _strip_place(head)
    return head + (BRANCH_MARK + _BRACKETS.sub("", branch) if branch else "")


def head_office(key: str) -> str:
    """A branch's key without its branch: whose branch it is."""
    return key.split(BRANCH_MARK, 1)[0]


def places(name: str) -> frozenset[str]:
    """The places a name carries (prefix or in brackets), to tell look-alikes apart."""
    return frozenset(_ANY_PLACE.findall(_half(name)))
