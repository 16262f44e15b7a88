"""Figures as an analyst reads them: every quantity in Chinese and English finance text, normalised.

Each case is a sentence of the kind found in bond-market research and news, the text of one figure
in it, and what that figure must be. Values are compared exactly (Decimal or ISO string).
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from extract.figures import find_figures, parse_figure
from test_figures_support import figure_in, figure_texts

D = Decimal


def case(sentence, text, kind, value, unit, cmp="eq", marks=()):
    return pytest.param(sentence, text, kind, value, unit, cmp, marks=marks)


# --- Money --------------------------------------------------------------------------------------

MONEY = [
    case("截至年末，科创债存量规模合计约1.9万亿元。", "1.9万亿元", "money", D("1.9e12"), "CNY", "approx"),
    case("AAA级主体发行规模214.5亿元，占比较高。", "214.5亿元", "money", D("2.145e10"), "CNY"),
    case("本期债券发行规模为三千亿元。", "三千亿元", "money", D("3e11"), "CNY"),
    case("计划募集资金一百二十亿元用于研发。", "一百二十亿元", "money", D("1.2e10"), "CNY"),
    case("公司拟发行两千万元短期融资券。", "两千万元", "money", D("2e7"), "CNY"),
    case("注册资本四千五百万元。", "四千五百万元", "money", D("4.5e7"), "CNY"),
    case("首期发行５千万元。", "５千万元", "money", D("5e7"), "CNY"),
    case("本次发行３０亿元中期票据。", "３０亿元", "money", D("3e9"), "CNY"),
    case("合同金额为1,234.56万元。", "1,234.56万元", "money", D("12345600"), "CNY"),
    case("募集资金在8,000亿元至1万亿元之间。", "8,000亿元至1万亿元", "money", None, "CNY"),
    case("已超3万亿的科创债存量中占比极低。", "3万亿", "money", D("3e12"), "CNY", "gt"),
    case("累计发行规模超过500亿元。", "500亿元", "money", D("5e10"), "CNY", "gt"),
    case("本月共发行逾200亿元。", "200亿元", "money", D("2e10"), "CNY", "gt"),
    case("单只规模不低于5亿元人民币。", "5亿元人民币", "money", D("5e8"), "CNY", "ge"),
    case("票据发行总额达人民币300亿元。", "人民币300亿元", "money", D("3e10"), "CNY"),
    case("两只产品规模分别为0.8亿元和0.3亿元。", "0.8亿元", "money", D("8e7"), "CNY"),
    case("两只产品规模分别为0.8亿元和0.3亿元。", "0.3亿元", "money", D("3e7"), "CNY"),
    case("当月有100多亿元资金流入。", "100多亿元", "money", D("1e10"), "CNY", "gt"),
    case("此前440亿美元7年期国债的标售需求良好。", "440亿美元", "money", D("4.4e10"), "USD"),
    case("现货白银报71.87美元/盎司。", "71.87美元/盎司", "money", D("71.87"), "USD"),
    case("布伦特原油收于82.5美元/桶。", "82.5美元/桶", "money", D("82.5"), "USD"),
    case("该行在港发行50亿港元债券。", "50亿港元", "money", D("5e9"), "HKD"),
    case("发行规模为10亿欧元。", "10亿欧元", "money", D("1e9"), "EUR"),
    case("The issuer raised more than 30 billion yuan in March.", "30 billion yuan", "money", D("3e10"), "CNY", "gt"),
    case("It sold bonds of 510.5 billion yuan last year.", "510.5 billion yuan", "money", D("5.105e11"), "CNY"),
    case("Firms raised over 34 billion yuan ($4.69 billion).", "$4.69 billion", "money", D("4.69e9"), "USD"),
    case("Issuance reached nearly one trillion yuan.", "one trillion yuan", "money", D("1e12"), "CNY", "approx"),
    case("Bonds Amounted to Nearly One Trillion Yuan", "One Trillion Yuan", "money", D("1e12"), "CNY", "approx"),
    case("The quota is RMB 0.6-0.8 trillion this year.", "RMB 0.6-0.8 trillion", "money", None, "CNY"),
    case("The fund has US$3.5bn under management.", "US$3.5bn", "money", D("3.5e9"), "USD"),
    case("The bank sold HK$2 billion of notes.", "HK$2 billion", "money", D("2e9"), "HKD"),
    case("It priced a €500 million green bond.", "€500 million", "money", D("5e8"), "EUR"),
    case("The deal was worth USD 1.2 billion.", "USD 1.2 billion", "money", D("1.2e9"), "USD"),
    case("A CNY 5 billion panda bond was issued.", "CNY 5 billion", "money", D("5e9"), "CNY"),
    case("The start-up raised $25m in its first round.", "$25m", "money", D("2.5e7"), "USD"),
    case("Proceeds of 2.5 billion US dollars were raised.", "2.5 billion US dollars", "money", D("2.5e9"), "USD"),
    case("The company issued 800 million euros of bonds.", "800 million euros", "money", D("8e8"), "EUR"),
    case("Issuance exceeded 500 billion yuan in the year.", "500 billion yuan", "money", D("5e11"), "CNY", "gt"),
    case("The cap is up to 10 billion yuan per issuer.", "10 billion yuan", "money", D("1e10"), "CNY", "le"),
    case("Gold rose to 2,350 dollars per ounce.", "2,350 dollars per ounce", "money", D("2350"), "USD"),
    case("It raised about 1.66 billion yuan in February.", "1.66 billion yuan", "money", D("1.66e9"), "CNY", "approx"),
    case("央行开展7天期逆回购操作1,000亿元。", "1,000亿元", "money", D("1e11"), "CNY"),
    case("截至6月末，存量规模较年初增加3.2万亿元。", "3.2万亿元", "money", D("3.2e12"), "CNY"),
    case("全年发行规模突破1万亿元大关。", "1万亿元", "money", D("1e12"), "CNY", "gt"),
    case("转股价格为每股12.35元。", "12.35元", "money", D("12.35"), "CNY"),
    case("总市值近5000亿元。", "5000亿元", "money", D("5e11"), "CNY", "approx"),
    case("发行金额不超过人民币20亿元。", "人民币20亿元", "money", D("2e9"), "CNY", "le"),
    case("该债券已违约3亿元。", "3亿元", "money", D("3e8"), "CNY"),
    case("The PBOC injected 500 billion yuan via reverse repos.", "500 billion yuan", "money", D("5e11"), "CNY"),
    case("Foreign holdings rose by $12.5bn in April.", "$12.5bn", "money", D("1.25e10"), "USD"),
    case("Defaults totalled 3.2bn yuan last year.", "3.2bn yuan", "money", D("3.2e9"), "CNY"),
    case("Issuance topped 1.2 trillion yuan in the first half.", "1.2 trillion yuan", "money", D("1.2e12"), "CNY", "gt"),
    case("The programme totals RMB50 billion.", "RMB50 billion", "money", D("5e10"), "CNY"),
    case("Developers owe Rmb5bn in onshore bonds.", "Rmb5bn", "money", D("5e9"), "CNY"),
]

# --- Percentages and basis points ---------------------------------------------------------------

PERCENT = [
    case("占同口径信用债的比例约6.1%。", "6.1%", "percent", D("6.1"), "%", "approx"),
    case("募集资金50%以上用于科技创新领域。", "50%", "percent", D("50"), "%", "ge"),
    case("要求募集资金不低于50%用于科创领域。", "50%", "percent", D("50"), "%", "ge"),
    case("收益率集中在2%-2.5%区间。", "2%-2.5%", "percent", None, "%"),
    case("增速为５．２％。", "５．２％", "percent", D("5.2"), "%"),
    case("发行人超过9成是地方国企。", "9成", "percent", D("90"), "%", "gt"),
    case("近九成数量的债券为主体科创债。", "九成", "percent", D("90"), "%", "approx"),
    case("该类资产约占五成。", "五成", "percent", D("50"), "%", "approx"),
    case("且近半数采用N+N结构。", "半数", "percent", D("50"), "%", "approx"),
    case("不良率须控制在百分之十五以内。", "百分之十五", "percent", D("15"), "%", "le"),
    case("同比提高1.2个百分点。", "1.2个百分点", "percent", D("1.2"), "pp"),
    case("较上月下降0.3个百分点。", "0.3个百分点", "percent", D("0.3"), "pp"),
    case("现货白银涨0.62%。", "0.62%", "percent", D("0.62"), "%"),
    case("到期额外兑付0.1%本金。", "0.1%", "percent", D("0.1"), "%"),
    case("占比高达74%，显著高于同类。", "74%", "percent", D("74"), "%"),
    case("利率上限为3.5%左右。", "3.5%", "percent", D("3.5"), "%", "approx"),
    case("Central SOEs accounted for 45% of the volume.", "45%", "percent", D("45"), "%"),
    case("Issuance rose 51 per cent year on year.", "51 per cent", "percent", D("51"), "%"),
    case("The yield fell to 1.85 percent.", "1.85 percent", "percent", D("1.85"), "%"),
    case("Spreads widened by 0.4 percentage points.", "0.4 percentage points", "percent", D("0.4"), "pp"),
    case("The share rose 2pp from a year earlier.", "2pp", "percent", D("2"), "pp"),
    case("At least 70% of proceeds must go to R&D.", "70%", "percent", D("70"), "%", "ge"),
    case("No more than 30% may fund working capital.", "30%", "percent", D("30"), "%", "le"),
    case("Coupons of around 2.1% were common.", "2.1%", "percent", D("2.1"), "%", "approx"),
    case("The ratio was less than 5%.", "5%", "percent", D("5"), "%", "lt"),
    case("Yields were between 2% and 2.5% in May.", "2% and 2.5%", "percent", None, "%"),
    case("前三季度GDP同比增长5.2%，较上半年回落0.1个百分点。", "5.2%", "percent", D("5.2"), "%"),
    case("同比下降-3.5%。", "-3.5%", "percent", D("-3.5"), "%"),
    case("同比+12.5%，增速加快。", "+12.5%", "percent", D("12.5"), "%"),
    case("发行人中三成以上为民企。", "三成", "percent", D("30"), "%", "ge"),
    case("不良率约占两成。", "两成", "percent", D("20"), "%", "approx"),
    case("利率为百分之三点五。", "百分之三点五", "percent", D("3.5"), "%"),
    case("Yields on three-year notes dropped to 1.9 per cent.", "1.9 per cent", "percent", D("1.9"), "%"),
]

BASIS_POINTS = [
    case("加点幅度分别为21bp、15bp、5bp。", "21bp", "bp", D("21"), "bp"),
    case("加点幅度分别为21bp、15bp、5bp。", "5bp", "bp", D("5"), "bp"),
    case("或还需进一步加点10bp左右。", "10bp", "bp", D("10"), "bp", "approx"),
    case("信用利差水平为24bp-34bp。", "24bp-34bp", "bp", None, "bp"),
    case("票面利率上调幅度多为10-30BP。", "10-30BP", "bp", None, "bp"),
    case("挂钩条款触发10–30bp的利率上调。", "10–30bp", "bp", None, "bp"),
    case("调整幅度大多在0至30个基点之间。", "0至30个基点", "bp", None, "bp"),
    case("利差收窄了30个基点。", "30个基点", "bp", D("30"), "bp"),
    case("下降12个基点至1.6%。", "12个基点", "bp", D("12"), "bp"),
    case("利差为-6BP，处于低位。", "-6BP", "bp", D("-6"), "bp"),
    case("利差持续在1BP左右窄幅波动。", "1BP", "bp", D("1"), "bp", "approx"),
    case("降准释放十五个基点的空间。", "十五个基点", "bp", D("15"), "bp"),
    case("Spreads tightened by 25 basis points.", "25 basis points", "bp", D("25"), "bp"),
    case("The step-up is between 10 and 30 basis points.", "10 and 30 basis points", "bp", None, "bp"),
    case("The coupon steps up 25bps if the target is missed.", "25bps", "bp", D("25"), "bp"),
    case("A premium of about 15 bp was paid.", "15 bp", "bp", D("15"), "bp", "approx"),
]

# --- Counts -------------------------------------------------------------------------------------

COUNTS = [
    case("已发行的33只公募科创挂钩类债券。", "33只", "count", D("33"), "bond"),
    case("截至年末，市场共发行25只混合型科创债。", "25只", "count", D("25"), "bond"),
    case("全国已有1.2万家企业参与。", "1.2万家", "count", D("12000"), "institution"),
    case("近60家机构参与了路演。", "60家", "count", D("60"), "institution", "approx"),
    case("共有100余家机构报价。", "100余家", "count", D("100"), "institution", "gt"),
    case("发行人需要至少一项认定称号。", "一项", "count", D("1"), "item", "ge"),
    case("发行人需要至少具备一项认定称号。", "一项", "count", D("1"), "item", "ge"),  # a verb between cue and figure
    case("专利权质押类仅有一单。", "一单", "count", D("1"), "deal"),
    case("两只债券的信用利差差距较小。", "两只", "count", D("2"), "bond"),
    case("本周完成12笔交易。", "12笔", "count", D("12"), "transaction"),
    case("连撞5车致4死2伤。", "5车", "count", D("5"), "vehicle"),
    case("连撞5车致4死2伤。", "4死", "count", D("4"), "death"),
    case("连撞5车致4死2伤。", "2伤", "count", D("2"), "injury"),
    case("共3名独立董事出席。", "3名", "count", D("3"), "person"),
    case("新增开户300户。", "300户", "count", D("300"), "account"),
    case("挂钩条款主要包含两个核心步骤。", "两个", "count", D("2"), "item"),
    case("In 2024, SSE supported 424 enterprises to issue bonds.", "424 enterprises", "count", D("424"), "enterprise"),
    case("Nearly 60 Chinese firms have issued these bonds.", "60 Chinese firms", "count", D("60"), "firm", "approx"),
    case("the focus of the five key areas of finance", "five key areas", "count", D("5"), "area"),
    case("there were 143 benchmark market-making sci-tech innovation bonds",
         "143 benchmark market-making sci-tech innovation bonds", "count", D("143"), "bond"),
    case("More than 1,200 companies filed reports.", "1,200 companies", "count", D("1200"), "company", "gt"),
    case("Twelve banks joined the syndicate.", "Twelve banks", "count", D("12"), "bank"),
    case("The index tracks 300 stocks.", "300 stocks", "count", D("300"), "stock"),
    case("Some 40 investors placed orders.", "40 investors", "count", D("40"), "investor", "approx"),
    case("公司拥有员工3,500人，其中研发人员1200余人。", "1200余人", "count", D("1200"), "person", "gt"),
    case("共计发行2,000万张可转债。", "2,000万张", "count", D("2e7"), "sheet"),
    case("公司总股本10亿股。", "10亿股", "count", D("1e9"), "share"),
    case("科创债指数成分券数量超200只。", "200只", "count", D("200"), "bond", "gt"),
    case("2024年全年共发行科创债1,256只。", "1,256只", "count", D("1256"), "bond"),
    case("The NDRC approved 15 projects worth 120 billion yuan.", "15 projects", "count", D("15"), "project"),
    case("Defaults hit 12 issuers in 2024.", "12 issuers", "count", D("12"), "issuer"),
    case("In the first quarter, 45 firms sold 60 bonds.", "60 bonds", "count", D("60"), "bond"),
]

# --- Durations and tenors -----------------------------------------------------------------------

DURATIONS = [
    case("发行期限主要是3年期左右的中等期限。", "3年期", "duration", D("3"), "year", "approx"),
    case("新发1年AA+的科创债收益率较高。", "1年", "duration", D("1"), "year"),
    case("5年以下AA的普通信用债利差为负。", "5年", "duration", D("5"), "year", "le"),
    case("剩余期限1年及以下的债券余额较大。", "1年", "duration", D("1"), "year", "le"),
    case("期限以3–5年为主。", "3–5年", "duration", None, "year"),
    case("1-3年、3-5年的债券余额较大。", "1-3年", "duration", None, "year"),
    case("以DR007（10天移动平均）代表短期资金价格。", "10天", "duration", D("10"), "day"),
    case("美国7年期国债标售需求良好。", "7年期", "duration", D("7"), "year"),
    case("期限为5+N，科创债，永续债。", "5+N", "duration", D("5"), "year"),
    case("本期债券期限为3+2年。", "3+2年", "duration", D("5"), "year"),
    case("期限为3Y，非永续债。", "3Y", "duration", D("3"), "year"),
    case("审核时限不超过十五个工作日。", "十五个工作日", "duration", D("15"), "day", "le"),
    case("期限为270天的超短期融资券。", "270天", "duration", D("270"), "day"),
    case("最近三年平均可分配利润足以支付利息。", "三年", "duration", D("3"), "year"),
    case("近三年营业收入持续增长。", "三年", "duration", D("3"), "year"),
    case("锁定期为6个月。", "6个月", "duration", D("6"), "month"),
    case("The review generally does not exceed 15 working days.", "15 working days", "duration", D("15"), "day", "le"),
    case("The 10-year Treasury yield rose.", "10-year", "duration", D("10"), "year"),
    case("The 5Y bond priced at par.", "5Y", "duration", D("5"), "year"),
    case("The notes mature in 3 years.", "3 years", "duration", D("3"), "year"),
    case("A lock-up of six months applies.", "six months", "duration", D("6"), "month"),
    case("Settlement takes 2 business days.", "2 business days", "duration", D("2"), "day"),
    case("Tenors of 3 to 5 years dominate.", "3 to 5 years", "duration", None, "year"),
    case("央行开展7天期逆回购操作。", "7天期", "duration", D("7"), "day"),
    case("6个月期国债发行利率下行。", "6个月期", "duration", D("6"), "month"),
    case("LPR：1年期3.10%，5年期以上3.60%。", "5年期", "duration", D("5"), "year", "ge"),
    case("MLF操作规模为3000亿元，期限1年。", "1年", "duration", D("1"), "year"),
    case("The PBOC injected cash via seven-day reverse repos.", "seven-day", "duration", D("7"), "day"),
    case("Over the past five years, the market has grown.", "five years", "duration", D("5"), "year"),
]

# --- Dates --------------------------------------------------------------------------------------

DATES = [
    case("2025年5月7日，多个监管部门发布政策措施。", "2025年5月7日", "date", "2025-05-07", "date"),
    case("截至2025年12月22日，市场共发行25只。", "2025年12月22日", "date", "2025-12-22", "date"),
    case("创始人 2025-05-10 09:05:56", "2025-05-10", "date", "2025-05-10", "date"),
    case("对应2025/5/7的收益率分别为2.13%。", "2025/5/7", "date", "2025-05-07", "date"),
    case("相关研究报告，2025.6.27", "2025.6.27", "date", "2025-06-27", "date"),
    case("2022年5月，上交所发布了指引。", "2022年5月", "date", "2022-05", "date"),
    case("交易商协会于2023年7月推出混合型科创票据。", "2023年7月", "date", "2023-07", "date"),
    case("2025年第三季度发行放量。", "2025年第三季度", "date", "2025-Q3", "date"),
    case("预计2025年Q4将继续增长。", "2025年Q4", "date", "2025-Q4", "date"),
    case("江苏盐城市应急管理局12月24日发布通报。", "12月24日", "date", "--12-24", "date"),
    case("12月初的一个下午，公园里人很多。", "12月", "date", "--12", "date"),
    case("5月7日，国新办新闻发布会提出创设工具。", "5月7日", "date", "--05-07", "date"),
    case("当前的科创债是2022年交易所推出的升级版。", "2022年", "date", "2022", "date"),
    case("截至2025年底仅有2只产品。", "2025年", "date", "2025", "date"),
    case("2023-2024年间，科创票据发行放量。", "2023", "date", "2023", "date"),
    case("2023-2024年间，科创票据发行放量。", "2024年", "date", "2024", "date"),
    case("时段分别为2022/8/3-2022/9/19。", "2022/8/3", "date", "2022-08-03", "date"),
    case("时段分别为2022/8/3-2022/9/19。", "2022/9/19", "date", "2022-09-19", "date"),
    case("以下统称为“科创债(2022)”。", "2022", "date", "2022", "date"),
    case("盐城亭湖区“8.18”较大道路运输事故。", "8.18", "date", "--08-18", "date"),
    case("In 2022, SSE launched sci-tech innovation bonds.", "2022", "date", "2022", "date"),
    case("For example, in June 2024, the CSRC set up a channel.", "June 2024", "date", "2024-06", "date"),
    case("In December, SSE revised its rules.", "December", "date", "--12", "date"),
    case("As of the end of February 2025, there were 143 bonds.", "February 2025", "date", "2025-02", "date"),
    case("Since late February, entities have issued bonds.", "February", "date", "--02", "date"),
    case("The rules took effect on 18 March 2025.", "18 March 2025", "date", "2025-03-18", "date"),
    case("The rules took effect on March 18, 2025.", "March 18, 2025", "date", "2025-03-18", "date"),
    case("The auction is scheduled for March 18.", "March 18", "date", "--03-18", "date"),
    case("Issuance picked up in Q3 2025.", "Q3 2025", "date", "2025-Q3", "date"),
    case("Results for the third quarter of 2025 were strong.", "third quarter of 2025", "date", "2025-Q3", "date"),
    case("二〇二五年是改革关键之年。", "二〇二五年", "date", "2025", "date"),
    case("The filing is dated 2025-05-07.", "2025-05-07", "date", "2025-05-07", "date"),
    case("2025年1-5月，发行量同比增长20%。", "2025年1", "date", "2025-01", "date"),
    case("2025年1-5月，发行量同比增长20%。", "5月", "date", "2025-05", "date"),
    case("2月份新增社融3.5万亿元。", "2月份", "date", "--02", "date"),
    case("2025年一季度，债市表现强劲。", "2025年一季度", "date", "2025-Q1", "date"),
    case("预计2025-2027年复合增长率约15%。", "2027年", "date", "2027", "date"),
    case("根据《办法（2025年修订）》执行。", "2025年", "date", "2025", "date"),
    case("On 7 May, the PBOC cut rates.", "7 May", "date", "--05-07", "date"),
    case("On 7 May 2025, the PBOC issued Announcement No. 8.", "7 May 2025", "date", "2025-05-07", "date"),
    case("The MLF rate was cut on Jan. 15, 2025.", "Jan. 15, 2025", "date", "2025-01-15", "date"),
    case("About 200 companies have issued such bonds since May 2025.", "May 2025", "date", "2025-05", "date"),
    case("Issuance rose in mid-2025.", "2025", "date", "2025", "date"),
]

def ids(name, cases):
    """Readable test ids in ASCII: the group and the case number (pytest escapes Chinese in ids)."""
    return [pytest.param(*c.values, marks=c.marks, id=f"{name}-{i}") for i, c in enumerate(cases)]


ALL_CASES = (ids("money", MONEY) + ids("percent", PERCENT) + ids("bp", BASIS_POINTS) + ids("count", COUNTS)
             + ids("duration", DURATIONS) + ids("date", DATES))


@pytest.mark.parametrize("sentence, text, kind, value, unit, cmp", ALL_CASES)
def test_figure_is_found_and_normalised(sentence, text, kind, value, unit, cmp):
    fields = figure_in(sentence, text).fields
    assert fields["kind"] == kind
    assert fields["value"] == value
    if kind != "count" or unit:
        assert fields["unit"] == unit
    assert fields["cmp"] == cmp


# --- Ranges: low and high -----------------------------------------------------------------------

RANGES = [
    ("信用利差水平为24bp-34bp。", "24bp-34bp", D("24"), D("34"), "bp"),
    ("幅度通常为10–30BP。", "10–30BP", D("10"), D("30"), "bp"),
    ("收益率集中在2%-2.5%区间。", "2%-2.5%", D("2"), D("2.5"), "%"),
    ("调整幅度大多在0至30个基点之间。", "0至30个基点", D("0"), D("30"), "bp"),
    ("期限以3–5年为主。", "3–5年", D("3"), D("5"), "year"),
    ("信用利差较年初收窄约15-20bp。", "15-20bp", D("15"), D("20"), "bp"),
    ("利率区间为2.0%~2.8%。", "2.0%~2.8%", D("2.0"), D("2.8"), "%"),
    ("The spread was 80-100bp wide.", "80-100bp", D("80"), D("100"), "bp"),
    ("7-10年的债券余额较小。", "7-10年", D("7"), D("10"), "year"),
    ("规模在8,000亿元至1万亿元之间。", "8,000亿元至1万亿元", D("8e11"), D("1e12"), "CNY"),
    ("单笔规模5-10亿元。", "5-10亿元", D("5e8"), D("1e9"), "CNY"),
    ("涨幅在3%～5%之间。", "3%～5%", D("3"), D("5"), "%"),
    ("The step-up is between 10 and 30 basis points.", "10 and 30 basis points", D("10"), D("30"), "bp"),
    ("The quota is RMB 0.6-0.8 trillion this year.", "RMB 0.6-0.8 trillion", D("6e11"), D("8e11"), "CNY"),
    ("Tenors of 3 to 5 years dominate.", "3 to 5 years", D("3"), D("5"), "year"),
    ("Coupons ranged from 2.1%-2.4%.", "2.1%-2.4%", D("2.1"), D("2.4"), "%"),
    ("The spread was 80-100bp.", "80-100bp", D("80"), D("100"), "bp"),
]


@pytest.mark.parametrize("sentence, text, low, high, unit", RANGES)
def test_range_has_low_and_high(sentence, text, low, high, unit):
    fields = figure_in(sentence, text).fields
    assert (fields["value"], fields["low"], fields["high"], fields["unit"]) == (None, low, high, unit)


# --- Lists sharing a unit -----------------------------------------------------------------------

LISTS = [
    ("加点幅度分别为21bp、15bp、5bp。", ["21bp", "15bp", "5bp"], [21, 15, 5], "bp"),
    ("减点幅度分别为12、9bp。", ["12", "9bp"], [12, 9], "bp"),
    ("对应期限余额占比分别为17.4%、42.2%、27.7%、9.7%。", ["17.4%", "42.2%", "27.7%", "9.7%"],
     [D("17.4"), D("42.2"), D("27.7"), D("9.7")], "%"),
    ("重点关注1、3、5年期品种。", ["1", "3", "5年期"], [1, 3, 5], "year"),
    ("规模分别为8、10亿元。", ["8", "10亿元"], [D("8e8"), D("1e9")], "CNY"),
    ("Step-ups of 10, 20 and 30 bp were agreed.", ["10", "20", "30 bp"], [10, 20, 30], "bp"),
    ("Spreads of 15 and 25 basis points were seen.", ["15", "25 basis points"], [15, 25], "bp"),
    ("Rates of 1.5% to 2% were quoted, from 1.5% to 2% later.", ["1.5% to 2%", "1.5%", "2%"], None, "%"),
]


@pytest.mark.parametrize("sentence, texts, values, unit", LISTS)
def test_list_members_are_separate_figures_sharing_the_unit(sentence, texts, values, unit):
    figures = find_figures(sentence)
    assert [f.text for f in figures] == texts
    assert all(f.get("unit") == unit for f in figures)
    if values is not None:
        assert [f.get("value") for f in figures] == [D(v) for v in values]


# --- Not figures --------------------------------------------------------------------------------

NOT_FIGURES = [
    "根据《证券法》第十二条的规定执行。",
    "《公司债券发行上市审核规则适用指引第4号》",
    "详见上证发〔2025〕65号文件。",
    "中国人民银行 中国证监会公告〔2025〕第8号",
    "中市协发〔2025〕86号通知已经发布。",
    "国发〔2018〕23号文件要求改革试点。",
    "贵州茅台（600519）股价上涨。",
    "债券代码241234.SH，简称23巨化01。",
    "小米集团（1810.HK）发布公告。",
    "23巨化01与23巨化03对比观察。",
    "少量债券（如“25水投K2”）设置了条款。",
    "专利权质押类仅有“23湖北路桥MTN002”。",
    "22葛洲Y4与葛洲YK02的利差接近。",
    "以DR007代表短期资金价格。",
    "隐含评级AAA、AAA-、AA+、AA的债券余额较大。",
    "联系电话：010-66558888。",
    "客服热线13812345678。",
    "发布时间 09:05:56",
    "作者邮箱：wangna2024@fecr.com.cn",
    "1.《股权投资机构信用评级方法模型探究》",
    "[1]深交所、北交所也发布了政策文件。",
    "一是定义扩围，二是发行主体扩围。",
    "科创票据分为科创主体类、科创用途类三类。",
    "主要包括三点，分别是再贷款、担保增信。",
    "挂钩条款多在最后一个计息年度触发。",
    "进入第二个计息期后便快速衰减。",
    "一方面，发行主体扩围至商业银行。",
    "风险收益分配一成不变。",
    "这是一次性安排。",
    "万元营收综合能耗等指标。",
    "规模从数亿到百亿不等。",
    "See Article 12 of the Measures.",
    "Announcement No. 4 was issued today.",
    "It was rated AAA by the agency.",
    "Read Table 3 for details.",
    "5 Min Read",
    "China's 5G network covers the city.",
    "The ETF tracks the CSI300 index.",
    "The issuer has one of the highest ratings.",
    "Investors should note this is just one facet of the strategy.",
    "They met at 9:30 in the morning.",
    "Call +86 21 6888 8888 for details.",
    "美元兑人民币汇率报7.1850。",
    "评级展望为稳定，主体评级AA+，债项评级AAA。",
    "科创50指数与沪深300指数同步上涨。",
    "上午10时召开发布会。",
    "进入第3个计息年度。",
    "COVID-19 disrupted the market.",
    "The G20 met in Rio.",
    "Regulators may adjust requirements.",
    "上证发〔2025〕65号、深证上〔2025〕12号同时发布。",
    "详见附件2。",
    "证券代码：600036 公告编号：2025-012",
    "请参阅尾页重要声明 第12页 共20页",
]


@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_no_figure(sentence):
    assert figure_texts(sentence) == []


# --- Offsets ------------------------------------------------------------------------------------

MIXED_DOCUMENTS = [
    "截至２０２５年５月７日，存量规模约１．９万亿元，占比约６．１％。\nSSE raised more than 30 billion yuan "
    "in June 2024; spreads were 24bp-34bp（10年期）。",
    "Issuance: US$4.69 billion (RMB 34 billion), 60 firms, 15 working days.\n发行规模三千亿元，期限3+2年，利差-6BP。",
    "（一）2023-2024年间，发行人超过9成是国企；“8.18”事故造成4死2伤。\n\tQ3 2025: 2.5%以上、5年以下AA。",
]


@pytest.mark.parametrize("document", MIXED_DOCUMENTS)
def test_every_figure_text_is_the_document_slice(document):
    figures = find_figures(document)
    assert figures
    for figure in figures:
        assert figure.text == document[figure.start:figure.end]
        assert figure.type == "figure"


def test_full_width_digits_keep_their_offsets_and_values():
    document = "增速为５．２％，规模３０亿元。"
    five, thirty = find_figures(document)
    assert (five.text, five.get("value")) == ("５．２％", D("5.2"))
    assert (thirty.text, thirty.get("value")) == ("３０亿元", D("3e9"))
    assert document[thirty.start:thirty.end] == "３０亿元"


def test_figures_come_in_document_order_without_overlaps():
    figures = find_figures(MIXED_DOCUMENTS[0] + MIXED_DOCUMENTS[1])
    for before, after in zip(figures, figures[1:]):
        assert before.end <= after.start


# --- parse_figure ------------------------------------------------------------------------------

PARSED = [
    ("1.9万亿元", {"kind": "money", "value": D("1.9e12"), "unit": "CNY", "cmp": "eq"}),
    ("约1.9万亿元", {"kind": "money", "value": D("1.9e12"), "unit": "CNY", "cmp": "approx"}),
    ("超过500亿元", {"kind": "money", "value": D("5e10"), "unit": "CNY", "cmp": "gt"}),
    ("不低于50%", {"kind": "percent", "value": D("50"), "unit": "%", "cmp": "ge"}),
    ("21个基点", {"kind": "bp", "value": D("21"), "unit": "bp", "cmp": "eq"}),
    ("10-30BP", {"kind": "bp", "value": None, "low": D("10"), "high": D("30"), "unit": "bp"}),
    ("3年期", {"kind": "duration", "value": D("3"), "unit": "year"}),
    ("June 2024", {"kind": "date", "value": "2024-06", "unit": "date"}),
    ("2025年第三季度", {"kind": "date", "value": "2025-Q3"}),
    ("$4.69 billion", {"kind": "money", "value": D("4.69e9"), "unit": "USD"}),
    ("510.5 billion yuan", {"kind": "money", "value": D("5.105e11"), "unit": "CNY"}),
    ("15 working days", {"kind": "duration", "value": D("15"), "unit": "day"}),
    ("33只", {"kind": "count", "value": D("33")}),
    ("２０２５年５月７日", {"kind": "date", "value": "2025-05-07"}),
]


@pytest.mark.parametrize("raw, expected", PARSED)
def test_parse_figure(raw, expected):
    parsed = parse_figure(raw)
    assert parsed is not None
    assert {key: parsed.get(key) for key in expected} == expected


@pytest.mark.parametrize("raw", ["第十二条", "AAA", "23巨化01", "", "DR007", "上证发〔2025〕65号"])
def test_parse_figure_rejects_non_figures(raw):
    assert parse_figure(raw) is None


def test_values_are_exact_decimals():
    money = parse_figure("0.1亿元")
    assert money["value"] == D("10000000") and isinstance(money["value"], Decimal)
