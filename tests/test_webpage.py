"""webpage: a saved news or government page → one article (text and metadata), no page furniture.

Every page here is invented, in the shapes Chinese local sites are built in: a TRS government
page (table layout, ``TRS_Editor``, a ``发布时间：… 来源：… 作者：…`` line), a news portal with
``og:`` tags and a ``文/图`` byline, a page whose headline is only in ``<title>`` with a
`` - XX网`` suffix and ``<br>`` paragraphs, and a daily's page whose meta line sits inside the
content block beside a dateline. Each has menus, scripts, a related-news list and a footer
with 版权所有/ICP备 that must not reach the body.
"""
from __future__ import annotations

import pytest

from govkg.extractors.readers import looks_like_html
from govkg.extractors.webpage import WebArticle, read_html

# ------------------------------------------------------------------ invented pages
TRS_PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>鹭栖镇“红榜积分”让村规民约落地_部门动态_澄溪县人民政府</title>
<meta name="SiteName" content="澄溪县人民政府" />
<meta name="ColumnName" content="部门动态" />
<meta name="Keywords" content="红榜积分,鹭栖镇" />
<script type="text/javascript">var _hmt = _hmt || []; document.write("<span>访问量统计</span>");</script>
<style>.fbxx{color:#666}</style>
</head>
<body>
<div class="top"><a href="/">澄溪县人民政府</a> <a href="/wza/">无障碍浏览</a> <a href="/en/">English</a></div>
<div class="menu"><ul>
<li><a href="/">首页</a></li><li><a href="/zwdt/">政务动态</a></li><li><a href="/xxgk/">信息公开</a></li>
<li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zjcx/">走进澄溪</a></li>
</ul></div>
<table width="1000" class="position"><tr><td>当前位置：<a href="/">首页</a> &gt; <a href="/zwdt/">政务动态</a> &gt; <a href="/zwdt/bmdt/">部门动态</a></td></tr></table>
<table width="1000" border="0" cellspacing="0" cellpadding="0" class="main">
<tr><td class="title_main" align="center">鹭栖镇“红榜积分”让村规民约落地</td></tr>
<tr><td class="fbxx" align="center">发布时间：2023-03-08 10:21&nbsp;&nbsp;来源：澄溪县融媒体中心&nbsp;&nbsp;作者：聂沐川&nbsp;&nbsp;浏览次数：<span id="hits">392</span>&nbsp;&nbsp;【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</td></tr>
<tr><td class="content">
<div class="TRS_Editor"><style type="text/css">.TRS_Editor P{line-height:2;font-family:宋体;}</style>
<p style="text-indent: 2em;">　　3月7日一早，澄溪县鹭栖镇枫塘村的“红榜积分”兑换点前，村民官山野拿着积分卡换回了一袋大米和两瓶酱油。“院子扫得干净、邻里相处和睦，都能攒积分。”他笑着说。</p>
<p style="text-indent: 2em;">　　去年以来，鹭栖镇把村规民约细化为<span style="font-family: 宋体;">环境整治、移风易俗、邻里互助</span>等12项积分指标，由村民小组长每月入户评分，积分张榜公示、按季兑换。</p>
<p style="text-indent: 2em;">　　鹭栖镇干部戚远岚介绍，全镇14个村已全部推行“红榜积分”，累计发放积分卡3100余张，兑换物品1.2万余件。</p>
<p style="text-indent: 2em;">　　下一步，鹭栖镇将把“红榜积分”与信用贷款挂钩，让守约村民在澄溪县农商银行享受优惠利率。</p>
</div>
</td></tr>
<tr><td class="dayin" align="right">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>
</table>
<div class="xgxx"><h3>相关信息</h3><ul>
<li><a href="/zwdt/bmdt/202303/t20230307_1.html">澄溪县召开春季森林防火工作部署会议</a><span>2023-03-07</span></li>
<li><a href="/zwdt/bmdt/202303/t20230306_2.html">县农业农村局开展春耕备耕农资检查</a><span>2023-03-06</span></li>
</ul></div>
<div class="bottom">
<p>主办：澄溪县人民政府办公室　承办：澄溪县大数据中心</p>
<p>版权所有：澄溪县人民政府　<a href="https://beian.miit.gov.cn">闽ICP备12345678号</a>　网站标识码：3509990001</p>
</div>
<script type="text/javascript" src="/js/foot.js"></script>
</body>
</html>
"""

OG_PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>桐川市漱玉区：“共享菜园”种出邻里情 - 桐川新闻网</title>
<meta property="og:type" content="article">
<meta property="og:title" content="桐川市漱玉区：“共享菜园”种出邻里情">
<meta property="og:site_name" content="桐川新闻网">
<meta property="og:url" content="https://www.tongchuan-news.example/sy/2022/0615/8842.html">
<meta property="article:published_time" content="2022-06-15T08:30:00+08:00">
<link rel="canonical" href="https://www.tongchuan-news.example/sy/2022/0615/8842.html">
<script async src="https://www.googletagmanager.example/gtag/js"></script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', new Date());</script>
</head>
<body>
<header class="site-header">
  <a class="logo" href="/">桐川新闻网</a>
  <nav class="main-nav"><a href="/">首页</a> <a href="/sz/">时政</a> <a href="/sh/">社会</a> <a href="/qx/">区县</a> <a href="/sp/">视频</a> <a href="/zt/">专题</a></nav>
</header>
<main class="container">
  <article class="post">
    <h1 class="post-title">桐川市漱玉区：“共享菜园”种出邻里情</h1>
    <div class="post-meta"><time datetime="2022-06-15T08:30:00+08:00">2022-06-15 08:30</time> <span class="src">来源：桐川日报</span> <span class="byline">文/图 乔语桐</span></div>
    <div class="post-body">
      <p>桐川日报讯（记者 乔语桐 通讯员 岑望舒）6月14日傍晚，漱玉区云岫街道柳巷社区的“共享菜园”里，几位居民正忙着给黄瓜搭架、给番茄浇水。</p>
      <p>这片菜园原是一块闲置多年的空地。今年春天，柳巷社区发动党员和志愿者清理垃圾、平整土地，划出36块“微菜地”，由居民认领种植，收获的蔬菜一部分送给辖区独居老人。</p>
      <p>“以前住对门都不怎么说话，现在天天在菜园里碰面，一起交流种菜经验。”居民车晓葵说。</p>
      <figure><img src="/uploads/2022/06/caiyuan.jpg" alt=""><figcaption>居民在“共享菜园”里劳作</figcaption></figure>
      <p>据了解，漱玉区已在17个社区建成“共享菜园”，下一步将结合老旧小区改造，推广“菜园+议事”模式。</p>
    </div>
    <div class="share-bar">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
  </article>
  <aside class="sidebar">
    <h3>热点排行</h3>
    <ol>
      <li><a href="/sh/2022/0614/8830.html">桐川市今年首场人才招聘会提供岗位三千余个</a></li>
      <li><a href="/qx/2022/0613/8801.html">漱玉区启动老旧小区改造第二批项目建设工作</a></li>
    </ol>
  </aside>
  <section class="related">
    <h3>相关新闻</h3>
    <ul>
      <li><a href="/qx/2022/0610/8750.html">云岫街道举办邻里文化节暨社区议事会活动</a></li>
      <li><a href="/qx/2022/0608/8731.html">柳巷社区志愿者为独居老人送去夏季慰问品</a></li>
    </ul>
  </section>
</main>
<footer class="site-footer">
  <p>Copyright © 2022 桐川新闻网 版权所有 未经授权禁止转载</p>
  <p><a href="https://beian.miit.gov.cn/">湘ICP备87654321号-2</a> 互联网新闻信息服务许可证：43120190000</p>
</footer>
</body>
</html>
"""

TITLE_ONLY_PAGE = """<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>青禾县推行“田长制”守护耕地 - 青禾网</title>
<meta name="keywords" content="田长制,耕地保护">
<link rel="stylesheet" href="/css/main.css">
</head>
<body>
<div id="top"><div class="logo"><img src="/img/logo.gif" alt="青禾网"></div><div class="login"><a href="/login">登录</a> | <a href="/reg">注册</a></div></div>
<div id="nav"><ul>
<li><a href="/">首页</a></li><li><a href="/news/">本地新闻</a></li><li><a href="/zw/">政务</a></li><li><a href="/ms/">民生</a></li><li><a href="/ly/">旅游</a></li>
</ul></div>
<div id="wrap">
<div id="left">
<div class="where">您的位置：<a href="/">首页</a> - <a href="/news/">本地新闻</a> - 正文</div>
<div class="info">时间：2021年11月05日 09:12　来源：青禾网　记者 柯一帆　编辑：邵清禾</div>
<div id="text">
11月4日，记者来到青禾县禾丰镇高坎村，田间的冬小麦已经出苗。<br><br>
今年以来，青禾县全面推行“田长制”，建立县、乡、村三级田长体系，共设立田长1240名，对全县耕地实行网格化巡查，发现问题及时上报处置。<br><br>
“每块地都有人管，撂荒的、乱占的，田长第一时间就能发现。”高坎村村级田长伍春晖说。<br><br>
青禾县自然资源局有关同志表示，下一步将借助卫星遥感监测，实现耕地保护“早发现、早制止、早处置”。
</div>
<div class="pages">上一篇：<a href="/news/2021/1104/2201.html">青禾县举行冬季征兵欢送仪式</a>　下一篇：<a href="/news/2021/1105/2210.html">禾丰镇开展冬季消防安全检查</a></div>
</div>
<div id="right">
<div class="box"><h4>相关新闻</h4><ul>
<li><a href="/news/2021/1101/2180.html">禾丰镇召开秋冬种工作推进会议</a> 11-01</li>
<li><a href="/news/2021/1030/2172.html">青禾县高标准农田建设项目通过验收</a> 10-30</li>
</ul></div>
<div class="box"><h4>图片新闻</h4><ul><li><a href="/pic/1.html">秋色青禾</a></li></ul></div>
</div>
</div>
<div id="foot">
<p><a href="/about">关于我们</a> | <a href="/contact">联系我们</a> | <a href="/ad">广告服务</a></p>
<p>青禾网 版权所有 Copyright 2008-2021 All Rights Reserved　<a href="https://beian.miit.gov.cn">豫ICP备11223344号</a></p>
</div>
<script>document.getElementById('text').style.fontSize='16px';</script>
</body>
</html>
"""

DAILY_PAGE = """<!DOCTYPE html>
<html>
<head>
<meta charset="gb2312">
<title>漓阳县：“幸福食堂”让老人吃上热乎饭_漓阳日报数字报</title>
<meta name="description" content="漓阳县“幸福食堂”。">
</head>
<body>
<div class="header"><div class="logo">漓阳日报</div><div class="paper-nav"><a href="/">首页</a> <a href="/epaper/">数字报</a> <a href="/tj/">时政</a> <a href="/xc/">乡村</a> <a href="/pl/">评论</a></div></div>
<div class="container">
<div class="main-col">
<div class="detail">
<h2 class="kicker">民生实事进行时</h2>
<h1>漓阳县：“幸福食堂”让老人吃上热乎饭</h1>
<div class="detail-body">
<div class="detail-info">2023年12月28日 07:45　漓阳日报　作者：蔺秋池　通讯员：温若川</div>
<p>漓阳日报讯（记者 蔺秋池 通讯员 温若川）</p>
<p>“一荤两素一汤，只要6块钱，比自己做饭还省事。”12月27日中午，漓阳县石滩镇南岭村的“幸福食堂”里，78岁的村民卜长庚端着餐盘说。</p>
<script>var pv = 0; document.write('<p>广告位招租</p>');</script>
<p>今年以来，漓阳县把“幸福食堂”建设列为民生实事，采取“村集体出一点、乡贤捐一点、财政补一点、老人交一点”的办法，建成村级“幸福食堂”46个，每天为2800余名老年人提供午餐。</p>
<p>为让食堂“开得起、办得好”，漓阳县民政局还引入第三方机构对食堂进行食品安全和服务质量评估，评估结果与运营补贴挂钩。</p>
<p class="editor">编辑：邝小满　审核：冼志恒</p>
</div>
<div class="detail-tools"><a href="javascript:window.print()">打印</a> <a href="javascript:window.close()">关闭</a> <span>浏览次数：1024</span></div>
</div>
<div class="related-news"><h3>相关新闻</h3><ul>
<li><a href="/xc/2024/0102/1.html">南岭村老年活动中心投入使用</a> 2024-01-02</li>
<li><a href="/xc/2023/1230/2.html">石滩镇举办敬老爱老志愿服务活动</a> 2023-12-30</li>
</ul></div>
</div>
<div class="side-col"><h3>热门文章</h3><ul><li><a href="/tj/1.html">漓阳县召开经济工作会议部署明年重点任务</a></li></ul></div>
</div>
<div class="footer"><p>漓阳日报社 版权所有 未经书面授权不得转载</p><p>桂ICP备99887766号 Copyright © 2024</p></div>
</body>
</html>
"""

NO_ARTICLE_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>网站地图 - 澄溪县人民政府</title></head>
<body>
<div class="menu"><a href="/">首页</a> <a href="/zwdt/">政务动态</a> <a href="/xxgk/">信息公开</a></div>
<ul class="sitemap">
<li><a href="/zwdt/">政务动态</a></li><li><a href="/zwdt/bmdt/">部门动态</a></li><li><a href="/zwdt/xzdt/">乡镇动态</a></li>
<li><a href="/xxgk/">信息公开</a></li><li><a href="/bsfw/">办事服务</a></li>
</ul>
<div class="bottom">版权所有：澄溪县人民政府　闽ICP备12345678号</div>
</body></html>
"""

# What each page should give: the fields, the body's paragraphs (each whole, in order) and
# text of the furniture that must stay out of the body.
EXPECTED = {
    "trs": dict(
        page=TRS_PAGE, title="鹭栖镇“红榜积分”让村规民约落地", date="2023-03-08",
        source="澄溪县融媒体中心", authors=("聂沐川",), site="澄溪县人民政府", url="",
        paragraphs=(
            "3月7日一早，澄溪县鹭栖镇枫塘村的“红榜积分”兑换点前，村民官山野拿着积分卡换回了一袋大米和两瓶酱油。“院子扫得干净、邻里相处和睦，都能攒积分。”他笑着说。",
            "去年以来，鹭栖镇把村规民约细化为环境整治、移风易俗、邻里互助等12项积分指标，由村民小组长每月入户评分，积分张榜公示、按季兑换。",
            "鹭栖镇干部戚远岚介绍，全镇14个村已全部推行“红榜积分”，累计发放积分卡3100余张，兑换物品1.2万余件。",
            "下一步，鹭栖镇将把“红榜积分”与信用贷款挂钩，让守约村民在澄溪县农商银行享受优惠利率。",
        ),
        furniture=("当前位置", "走进澄溪", "发布时间", "浏览次数", "字体", "打印本页", "关闭窗口",
                   "相关信息", "森林防火", "版权所有", "ICP备", "访问量统计", "line-height"),
    ),
    "og": dict(
        page=OG_PAGE, title="桐川市漱玉区：“共享菜园”种出邻里情", date="2022-06-15",
        source="桐川日报", authors=("乔语桐",), site="桐川新闻网",
        url="https://www.tongchuan-news.example/sy/2022/0615/8842.html",
        paragraphs=(
            "桐川日报讯（记者 乔语桐 通讯员 岑望舒）6月14日傍晚，漱玉区云岫街道柳巷社区的“共享菜园”里，几位居民正忙着给黄瓜搭架、给番茄浇水。",
            "这片菜园原是一块闲置多年的空地。今年春天，柳巷社区发动党员和志愿者清理垃圾、平整土地，划出36块“微菜地”，由居民认领种植，收获的蔬菜一部分送给辖区独居老人。",
            "“以前住对门都不怎么说话，现在天天在菜园里碰面，一起交流种菜经验。”居民车晓葵说。",
            "据了解，漱玉区已在17个社区建成“共享菜园”，下一步将结合老旧小区改造，推广“菜园+议事”模式。",
        ),
        furniture=("时政", "视频", "文/图", "分享到", "热点排行", "人才招聘会", "相关新闻", "邻里文化节",
                   "Copyright", "版权所有", "ICP备", "dataLayer"),
    ),
    "title_only": dict(
        page=TITLE_ONLY_PAGE, title="青禾县推行“田长制”守护耕地", date="2021-11-05",
        source="青禾网", authors=("柯一帆",), site="青禾网", url="",
        paragraphs=(
            "11月4日，记者来到青禾县禾丰镇高坎村，田间的冬小麦已经出苗。",
            "今年以来，青禾县全面推行“田长制”，建立县、乡、村三级田长体系，共设立田长1240名，对全县耕地实行网格化巡查，发现问题及时上报处置。",
            "“每块地都有人管，撂荒的、乱占的，田长第一时间就能发现。”高坎村村级田长伍春晖说。",
            "青禾县自然资源局有关同志表示，下一步将借助卫星遥感监测，实现耕地保护“早发现、早制止、早处置”。",
        ),
        furniture=("您的位置", "本地新闻", "登录", "时间：", "编辑", "上一篇", "冬季征兵", "相关新闻",
                   "秋冬种", "图片新闻", "关于我们", "版权所有", "ICP备", "fontSize"),
    ),
    "daily": dict(
        page=DAILY_PAGE, title="漓阳县：“幸福食堂”让老人吃上热乎饭", date="2023-12-28",
        source="漓阳日报数字报", authors=("蔺秋池",), site="漓阳日报数字报", url="",
        paragraphs=(
            "漓阳日报讯（记者 蔺秋池 通讯员 温若川）",
            "“一荤两素一汤，只要6块钱，比自己做饭还省事。”12月27日中午，漓阳县石滩镇南岭村的“幸福食堂”里，78岁的村民卜长庚端着餐盘说。",
            "今年以来，漓阳县把“幸福食堂”建设列为民生实事，采取“村集体出一点、乡贤捐一点、财政补一点、老人交一点”的办法，建成村级“幸福食堂”46个，每天为2800余名老年人提供午餐。",
            "为让食堂“开得起、办得好”，漓阳县民政局还引入第三方机构对食堂进行食品安全和服务质量评估，评估结果与运营补贴挂钩。",
        ),
        furniture=("数字报", "评论", "07:45", "作者：", "广告位招租", "编辑", "审核", "打印", "浏览次数",
                   "相关新闻", "老年活动中心", "热门文章", "经济工作会议", "版权所有", "ICP备"),
    ),
}


def read(name: str) -> WebArticle:
    return read_html(EXPECTED[name]["page"])


# ------------------------------------------------------------------ tests
@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("field", ["title", "date", "source", "authors", "site", "url"])
def test_each_field_of_each_page(name, field):
    assert getattr(read(name), field) == EXPECTED[name][field]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_body_is_every_paragraph_whole_in_order_and_nothing_else(name):
    assert read(name).body.split("\n") == list(EXPECTED[name]["paragraphs"])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_menu_meta_line_script_list_or_footer_text_in_body(name):
    body = read(name).body
    leaked = [s for s in EXPECTED[name]["furniture"] if s in body]
    assert not leaked


def test_dateline_stays_at_the_start_of_the_body():
    assert read("og").body.startswith("桐川日报讯（记者 乔语桐 通讯员 岑望舒）6月14日傍晚")
    assert read("daily").body.split("\n")[0] == "漓阳日报讯（记者 蔺秋池 通讯员 温若川）"


def test_editors_and_correspondents_are_not_authors():
    assert "邵清禾" not in read("title_only").authors                 # 编辑：
    daily = read("daily")
    assert not {"温若川", "邝小满", "冼志恒"} & set(daily.authors)       # 通讯员：, 编辑：, 审核：


def test_headline_as_written_when_title_tag_differs_by_a_character():
    # <title> with a half-width colon: the common run with <h1> is only a fragment of it.
    page = OG_PAGE.replace("<title>桐川市漱玉区：", "<title>桐川市漱玉区:").replace(
        'og:title" content="桐川市漱玉区：', 'og:title" content="桐川市漱玉区:')
    assert read_html(page).title == "桐川市漱玉区：“共享菜园”种出邻里情"


def _page(article: str, top: str = "", title: str = "石桥乡开通“村村通”客运班线") -> str:
    return (f"<html><head><title>{title} - 某某网</title></head><body>"
            f"<div class='nav'><a href='/'>首页</a> <a href='/a/'>要闻</a></div>{top}"
            f"<div class='wrap'><h1>{title}</h1>{article}</div>"
            "<div class='copyright'>某某网 版权所有 Copyright © 2024</div></body></html>")


P1 = "“以前进城要走两个小时山路，现在家门口就能坐上车。”石桥乡岔河村村民向满仓说。"
P2 = "今年以来，石桥乡投入资金380万元，硬化通村公路26公里，开通“村村通”客运班线4条。"
P3 = "下一步，石桥乡将在沿线村设置招呼站，方便群众就近候车，让群众出行更便捷。"


P4 = "据了解，石桥乡还将开通周末旅游专线，把沿线的古村落和茶园串联起来，带动乡村旅游发展。"
REST = f"<p>{P2}</p><p>{P3}</p><p>{P4}</p>"


def test_lead_paragraph_in_a_block_of_its_own_is_kept():
    # trafilatura alone drops the lead: it keeps only the block the other paragraphs are in.
    page = _page(f"<div class='lead'>{P1}</div><div class='content'>{REST}</div>")
    assert read_html(page).body.split("\n") == [P1, P2, P3, P4]


def test_paragraph_outside_the_main_block_stays_in_page_order():
    # trafilatura alone finds the first paragraph but puts it last.
    page = _page(f"<p>{P1}</p><div class='content'>{REST}</div>")
    assert read_html(page).body.split("\n") == [P1, P2, P3, P4]


def test_no_date_when_only_the_top_bar_and_footer_carry_one():
    top = "<div class='today'>2024年5月1日 星期三</div>"
    art = read_html(_page(f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>", top=top))
    assert art.date == ""
    assert art.body.split("\n") == [P1, P2, P3]


def test_structured_date_when_the_page_has_no_meta_line():
    page = _page(f"<p>{P1}</p><p>{P2}</p>").replace(
        "</head>", '<meta name="PubDate" content="2022/7/9 16:05:00"></head>')
    assert read_html(page).date == "2022-07-09"


@pytest.mark.parametrize("para, text", [
    ("群众把班线称为<q>幸福车</q>，票价3元。", "群众把班线称为幸福车，票价3元。"),   # trafilatura: 3 lines
    ("石桥乡<q>村村通</q>班线于<time>7月1日</time>开通，<label>票价</label><font color='red'>3元"
     "</font>，<strong>全程</strong><a href='/x'>40分钟</a>。", "石桥乡村村通班线于7月1日开通，票价3元，全程40分钟。"),
])
def test_inline_tags_keep_every_character_of_the_paragraph(para, text):
    art = read_html(_page(f"<p>{para}</p><p>{P1}</p>{REST}"))
    assert art.body.split("\n") == [text, P1, P2, P3, P4]


def test_notice_lines_with_time_labels_are_article_text():
    lines = ["时间：7月1日上午9时", "地点：石桥乡人民政府三楼会议室", P2, P3]
    body = read_html(_page("".join(f"<p>{s}</p>" for s in lines))).body
    assert body.split("\n") == lines


def test_page_without_an_article_has_an_empty_body():
    art = read_html(NO_ARTICLE_PAGE)
    assert art.body == ""
    assert art.date == ""


@pytest.mark.parametrize("text", ["", "   ", "<html></html>"])
def test_empty_pages_give_an_empty_article(text):
    assert read_html(text) == WebArticle(title="", body="")


def test_xml_declaration_with_encoding_is_read():
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + TRS_PAGE
    assert read_html(page).title == EXPECTED["trs"]["title"]


@pytest.mark.parametrize("text", [
    TRS_PAGE, OG_PAGE, TITLE_ONLY_PAGE, DAILY_PAGE,
    "\ufeff<!DOCTYPE html><html><body>正文</body></html>",
    "  \n<HTML><HEAD><TITLE>标题</TITLE></HEAD></HTML>",
    "<div class='article'><p>只有片段的网页。</p></div>",
    "<meta charset='gbk'><title>标题</title>正文",
])
def test_looks_like_html(text):
    assert looks_like_html(text)


@pytest.mark.parametrize("text", [
    "",
    "石桥乡开通“村村通”客运班线\n\n本报讯（记者 向满仓）今年以来，石桥乡投入资金380万元。",
    "收入<5000元的农户，按标准<b>给予补贴。",                   # a "<" in text is not a page
    '{"title": "标题", "body": "<div><p>正文</p></div>"}',      # a feed record holding HTML
    "x" * 3000 + "<html><body>late</body></html>",            # markup only after the first 2 KB
])
def test_does_not_look_like_html(text):
    assert not looks_like_html(text)


def test_reading_prints_nothing_to_stdout():
    import subprocess
    import sys
    code = ("from govkg.extractors.webpage import read_html; import sys; "
            "read_html(sys.stdin.read())")
    run = subprocess.run([sys.executable, "-c", code], input=TITLE_ONLY_PAGE, text=True,
                         capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout == ""
