"""Demo rows for the subdistrict registry: Nancheng's communities with grid
units, and a dozen schools.

The community names are those of Nancheng subdistrict (南城街道, Dongguan)
as far as public sources show (not checked against the office's own list);
the grid units and every school are invented for the demo (plausible names, rounded enrolments, community-level addresses) and
all rows carry ``is_demo=True`` so a real deployment can find and delete them.
Traditional names are left blank: the site converts them with OpenCC.
"""

from django.db import transaction

from core.choices import SchoolKind
from core.models import Community, GridUnit, School

# (code, Chinese name, English name, number of grid units)
COMMUNITIES = [
    ("shenghe", "胜和社区", "Shenghe Community", 4),
    ("huangcun", "篁村社区", "Huangcun Community", 3),
    ("baima", "白马社区", "Baima Community", 3),
    ("guantai", "莞太社区", "Guantai Community", 2),
    ("yuanwubian", "袁屋边社区", "Yuanwubian Community", 3),
    ("hongyuan", "宏远社区", "Hongyuan Community", 3),
    ("hongfu", "鸿福社区", "Hongfu Community", 2),
    ("yayuan", "雅园社区", "Yayuan Community", 2),
    ("yuanling", "元岭社区", "Yuanling Community", 2),
    ("yinfeng", "银丰社区", "Yinfeng Community", 2),
    ("shizhu", "石竹社区", "Shizhu Community", 3),
    ("xiping", "西平社区", "Xiping Community", 4),
    ("gedi", "蛤地社区", "Gedi Community", 3),
    ("zhouxi", "周溪社区", "Zhouxi Community", 3),
    ("hengmei", "亨美社区", "Hengmei Community", 3),
    ("xinji", "新基社区", "Xinji Community", 2),
    ("shuilian", "水濂社区", "Shuilian Community", 2),
    ("sanyuanli", "三元里社区", "Sanyuanli Community", 2),
]
GRID_NAMES = [("第一网格", "Grid 1"), ("第二网格", "Grid 2"), ("第三网格", "Grid 3"), ("第四网格", "Grid 4")]

# (code, Chinese name, English name, kind, community code, enrolment)
SCHOOLS = [
    ("demo-k01", "南城胜和幼儿园", "Nancheng Shenghe Kindergarten", SchoolKind.KINDERGARTEN, "shenghe", 320),
    ("demo-k02", "南城白马幼儿园", "Nancheng Baima Kindergarten", SchoolKind.KINDERGARTEN, "baima", 260),
    ("demo-p01", "南城篁村小学", "Nancheng Huangcun Primary School", SchoolKind.PRIMARY, "huangcun", 1800),
    ("demo-p02", "南城石竹小学", "Nancheng Shizhu Primary School", SchoolKind.PRIMARY, "shizhu", 1500),
    ("demo-p03", "南城亨美小学", "Nancheng Hengmei Primary School", SchoolKind.PRIMARY, "hengmei", 1350),
    ("demo-p04", "南城周溪小学", "Nancheng Zhouxi Primary School", SchoolKind.PRIMARY, "zhouxi", 1200),
    ("demo-j01", "南城宏远中学", "Nancheng Hongyuan Middle School", SchoolKind.JUNIOR_MIDDLE, "hongyuan", 1600),
    ("demo-j02", "南城西平中学", "Nancheng Xiping Middle School", SchoolKind.JUNIOR_MIDDLE, "xiping", 1450),
    ("demo-j03", "南城新基中学", "Nancheng Xinji Middle School", SchoolKind.JUNIOR_MIDDLE, "xinji", 1100),
    ("demo-s01", "南城高级中学", "Nancheng Senior High School", SchoolKind.SENIOR_HIGH, "yayuan", 2400),
    ("demo-v01", "南城职业技术学校", "Nancheng Vocational and Technical School", SchoolKind.VOCATIONAL,
     "gedi", 2000),
    ("demo-u01", "南城科技学院", "Nancheng College of Science and Technology", SchoolKind.UNIVERSITY,
     "xiping", 9000),
]


@transaction.atomic
def load_registry() -> None:
    """Create or update the demo communities, grid units and schools; running it again changes nothing.

    A row staff entered themselves under another code but with a demo row's
    name is the real one: it is used as it is, and the demo row is not made.
    """
    communities = {}
    for position, (code, name, name_en, grid_count) in enumerate(COMMUNITIES):
        real = Community.objects.filter(name=name).exclude(code=code).first()
        if real is not None:
            communities[code] = real
            continue
        community, _ = Community.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "sort_order": position * 10, "is_demo": True},
        )
        communities[code] = community
        for index, (grid_name, grid_name_en) in enumerate(GRID_NAMES[:grid_count]):
            GridUnit.objects.update_or_create(
                community=community,
                code=f"{index + 1:02d}",
                defaults={"name": grid_name, "name_en": grid_name_en, "sort_order": index},
            )
    for code, name, name_en, kind, community_code, enrolment in SCHOOLS:
        if School.objects.filter(name=name).exclude(code=code).exists():
            continue
        community = communities[community_code]
        School.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "kind": kind,
                "community": community,
                "address": f"东莞市南城街道{community.name}",
                "enrolment": enrolment,
                "is_demo": True,
            },
        )
