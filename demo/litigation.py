"""The demo world's public-interest litigation (litigation/): 定检's public-interest department
(第八检察部, dh.pil) has a civil case whose announcement (公告) is running, an administrative
suit filed after an unheeded pre-litigation recommendation with its court date ahead, and a
civil suit judged, its appeal period lapsed and the judgment being enforced — so that
``./dev up`` shows every stage of the suit list. Through the services, as real use would:
dh.pil handles the cases, dh.chief decides to sue."""

from __future__ import annotations

import datetime

from django.utils import timezone

from cases.models import SupervisionCase
from cases.services import case_register
from litigation import services
from recommendations import services as instruments
from recommendations.choices import InstrumentStatus
from recommendations.models import InstrumentType
from supervision.models import Matter

ECOLOGY = "生态环境和资源保护"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute),
                                     tzinfo=timezone.get_current_timezone())


def _workday(builder, day: datetime.date) -> datetime.date:
    while not builder.calendar.is_workday(day):
        day -= datetime.timedelta(days=1)
    return day


def _ago(builder, days: int) -> datetime.date:
    return _workday(builder, builder.today - datetime.timedelta(days=days))


def _civil_case(builder, title: str, summary: str, accepted_on: datetime.date) -> SupervisionCase:
    return case_register(
        actor=builder.users["dh.pil"], agency=builder.agencies["land"], title=title,
        summary=summary, accepted_on=accepted_on,
        matter=Matter.objects.get(kind__code="public_interest", name=ECOLOGY, parent=None))


def _announce(builder, suit, on: datetime.date, what: str) -> None:
    services.announcement_publish(
        actor=builder.users["dh.pil"], suit=suit, medium="procuratorate_daily", published_on=on,
        content=(f"本院在履行职责中发现{suit.defendant}{what}，损害社会公共利益。依照《最高人民法院、"
                 "最高人民检察院关于检察公益诉讼案件适用法律若干问题的解释》第十三条的规定，法律规定的机关和"
                 "有关组织可以在公告之日起三十日内向人民法院提起诉讼。特此公告。"))


def _running_announcement(builder) -> None:
    case = _civil_case(
        builder, "某船舶修造公司非法倾倒废油民事公益诉讼案",
        "本院在履职中发现，舟山某船舶修造有限公司将船舶维修产生的含油废物倾倒于定海区某岸段滩涂，"
        "污染海洋生态环境。", _ago(builder, 25))
    suit = services.suit_open(actor=builder.users["dh.pil"], case=case, kind="civil",
                              defendant="舟山某船舶修造有限公司")
    _announce(builder, suit, _ago(builder, 12), "将含油废物倾倒于滩涂、污染海洋生态环境")


def _administrative_suit(builder) -> bool:
    """On the land-grant-fee case, whose pre-litigation recommendation went unanswered for
    months: the chief decides, the suit is filed, the trial is ahead."""
    case = (SupervisionCase.objects.filter(handler=builder.users["dh.pil"],
                                           title__contains="欠缴国有土地使用权出让金")
            .order_by("pk").first())
    if case is None:
        return False
    pil, filed_on = builder.users["dh.pil"], _ago(builder, 20)
    if services.suits.unheeded_pre_litigation(case, filed_on) is None:
        return False
    suit = services.suit_open(actor=pil, case=case, kind="administrative",
                              defendant=case.agency.name)
    services.suit_decide(actor=builder.users["dh.chief"], suit=suit,
                         decided_on=_ago(builder, 24))
    services.suit_file(
        actor=pil, suit=suit, court=builder.agencies["court"], filed_on=filed_on,
        claims="确认被告未依法履行追缴国有土地使用权出让金职责的行为违法\n"
               "判令被告依法全面履行追缴国有土地使用权出让金及违约金的法定职责",
        facts="被告收到本院诉前检察建议后，在法定期限内未依法履行追缴职责，亦未书面回复，"
              "国有土地使用权出让金一千二百余万元至今未追回，国家利益持续处于受侵害状态。",
        court_case_number=f"（{filed_on.year}）浙0902行初{filed_on.timetuple().tm_yday}号")
    services.session_add(actor=pil, suit=suit, kind="trial",
                         scheduled_at=_at(builder.today + datetime.timedelta(days=12), 9, 30),
                         place="舟山市定海区人民法院第一法庭", attending="周晓燕")
    return True


def _judged_suit(builder) -> None:
    pil, chief = builder.users["dh.pil"], builder.users["dh.chief"]
    case = _civil_case(
        builder, "某石材加工厂非法排放废水民事公益诉讼案",
        "本院接群众举报，定海区某石材加工厂长期将未经处理的切割废水直接排入附近河道，造成河道淤积、"
        "水体污染。", _ago(builder, 210))
    suit = services.suit_open(actor=pil, case=case, kind="civil",
                              defendant="舟山某石材加工有限公司")
    published = _ago(builder, 200)
    _announce(builder, suit, published, "长期将未经处理的切割废水排入河道")
    ended = suit.announcement.due_date + datetime.timedelta(days=1)
    services.announcement_record_result(actor=pil, suit=suit, result="nobody_sued",
                                        result_on=ended)
    services.suit_decide(actor=chief, suit=suit, decided_on=ended)
    filed = ended + datetime.timedelta(days=7)
    services.suit_file(
        actor=pil, suit=suit, court=builder.agencies["court"], filed_on=filed,
        claims="判令被告停止向河道排放未经处理的生产废水\n"
               "判令被告承担受损河道生态修复费用人民币八十六万元\n"
               "判令被告在市级以上媒体公开赔礼道歉",
        facts="被告自二〇二四年起将石材切割废水未经处理直接排入附近河道。经鉴定，河道底泥悬浮物"
              "超标，生态修复费用为人民币八十六万元。被告的行为损害了社会公共利益。",
        court_case_number=f"（{filed.year}）浙0902民初{filed.timetuple().tm_yday}号")
    trial = _ago(builder, 120)
    services.session_add(actor=pil, suit=suit, kind="trial", scheduled_at=_at(trial, 9, 0),
                         place="舟山市定海区人民法院第三法庭", attending="周晓燕",
                         note="被告对排污事实无异议，对修复费用数额提出异议。")
    judged = _ago(builder, 90)
    services.judgment_record(actor=pil, suit=suit, result="supported_part", judgment_on=judged,
                             served_on=judged,
                             summary="一、被告立即停止排放未经处理的生产废水；\n二、被告承担生态修复"
                                     "费用人民币七十二万元；\n三、驳回公益诉讼起诉人的其他诉讼请求。")
    services.appeal_lapse(actor=pil, suit=suit)
    services.enforcement_record(actor=pil, suit=suit, enforcement_on=_ago(builder, 40),
                                note="被告已缴纳修复费用四十万元，余款申请分期履行。")


def _supported_suit(builder) -> None:
    """An environmental organisation sued during the announcement: the procuratorate supports
    its suit (支持起诉意见书 to the court, approved by dh.chief) and records the result."""
    pil, chief = builder.users["dh.pil"], builder.users["dh.chief"]
    case = _civil_case(
        builder, "某养殖场违法排放养殖尾水民事公益诉讼案",
        "本院在履职中发现，定海区某水产养殖场将未经处理的养殖尾水直排近岸海域，造成局部海水富营养化。",
        _ago(builder, 150))
    suit = services.suit_open(actor=pil, case=case, kind="civil", defendant="舟山某水产养殖有限公司")
    _announce(builder, suit, _ago(builder, 140), "将未经处理的养殖尾水直排近岸海域")
    sued = _ago(builder, 125)
    services.announcement_record_result(actor=pil, suit=suit, result="organ_sued", result_on=sued,
                                        plaintiff="舟山市海洋生态环境保护协会")
    rec = instruments.recommendation_draft(
        actor=pil, case=case, instrument_type=InstrumentType.objects.get(code="pil_support_suit"),
        agency=builder.agencies["court"], title="关于支持舟山市海洋生态环境保护协会提起民事公益诉讼的意见书",
        facts="舟山某水产养殖有限公司将未经处理的养殖尾水直排近岸海域，本院公告期间，舟山市海洋生态环境"
              "保护协会依法提起民事公益诉讼。",
        legal_basis="《中华人民共和国民事诉讼法》第十五条、第五十八条。",
        body="本院支持舟山市海洋生态环境保护协会的起诉，并将派员出庭，提供本院调查收集的证据材料。")
    instruments.recommendation_submit(actor=pil, recommendation=rec)
    for _level in range(3):  # the approval chain of the department ends with the chief
        rec.refresh_from_db()
        if rec.status != InstrumentStatus.PENDING_APPROVAL:
            break
        instruments.recommendation_approve(actor=chief, recommendation=rec)
    issued = _ago(builder, 118)
    instruments.recommendation_issue(actor=pil, recommendation=rec, issued_on=issued)
    instruments.recommendation_serve(actor=pil, recommendation=rec, served_on=issued)
    services.instrument_outcome_record(actor=pil, recommendation=rec, outcome="supported_part",
                                       outcome_on=_ago(builder, 30), court="舟山市定海区人民法院",
                                       note="判决被告停止直排并承担修复费用，驳回其他诉讼请求。")


def build(builder) -> None:
    _running_announcement(builder)
    filed = _administrative_suit(builder)
    _judged_suit(builder)
    _supported_suit(builder)
    builder.say("公益诉讼：公告中 1 件；" + ("已起诉待开庭 1 件；" if filed else "")
                + "一审裁判已生效、执行中 1 件；适格主体起诉、本院支持起诉 1 件。")
