//! The fixed shape of the demo company: hierarchies, the product catalogue with
//! its bills of materials and routings, plants, resources, suppliers and customers.
//!
//! Everything here is seed-independent. The seed only moves numbers (prices,
//! growth, sales, stock), never the structure, so tests and screenshots keep
//! their bearings whatever the seed.

use fulcrum_core::ItemType;

/// Company name written into the settings.
pub(crate) const COMPANY: &str = "Alpenglow Outdoor Equipment GmbH";
/// Currency of every money figure.
pub(crate) const CURRENCY: &str = "EUR";

/// A hierarchy node as `(code, name, parent)`.
pub(crate) type Node = (&'static str, &'static str, Option<&'static str>);

/// Product hierarchy: four sellable top families, then materials and semi-finished goods.
pub(crate) const FAMILIES: &[Node] = &[
    ("TENT", "Tents & shelters", None),
    ("TENT-DOME", "Dome tents", Some("TENT")),
    ("TENT-TUNNEL", "Tunnel & family tents", Some("TENT")),
    ("TENT-ACC", "Tent accessories & spares", Some("TENT")),
    ("SLEEP", "Sleeping", None),
    ("SLEEP-DOWN", "Down sleeping bags", Some("SLEEP")),
    ("SLEEP-SYN", "Synthetic sleeping bags", Some("SLEEP")),
    ("SLEEP-MAT", "Sleeping mats", Some("SLEEP")),
    ("PACK", "Backpacks", None),
    ("PACK-DAY", "Day packs", Some("PACK")),
    ("PACK-TREK", "Trekking packs", Some("PACK")),
    ("SNOW", "Snowshoes & poles", None),
    ("SNOW-SHOE", "Snowshoes", Some("SNOW")),
    ("SNOW-POLE", "Trekking & ski poles", Some("SNOW")),
    ("SNOW-ACC", "Winter accessories & spares", Some("SNOW")),
    ("SEMI", "Semi-finished goods", None),
    ("SEMI-TEX", "Coated & quilted textiles", Some("SEMI")),
    ("SEMI-MET", "Metal sub-assemblies", Some("SEMI")),
    ("SEMI-SEW", "Sewn sub-assemblies", Some("SEMI")),
    ("MAT", "Materials & components", None),
    ("MAT-TEX", "Fabrics", Some("MAT")),
    ("MAT-FILL", "Insulation & foam", Some("MAT")),
    ("MAT-MET", "Metals & composites", Some("MAT")),
    ("MAT-TRIM", "Trims & hardware", Some("MAT")),
    ("MAT-CHEM", "Coatings", Some("MAT")),
    ("MAT-PACK", "Packaging", Some("MAT")),
];

/// Location hierarchy.
pub(crate) const REGIONS: &[Node] = &[
    ("EU", "Europe", None),
    ("EU-CENTRAL", "Central Europe", Some("EU")),
    ("EU-WEST", "Western Europe", Some("EU")),
    ("EU-NORTH", "Nordics", Some("EU")),
    ("DE", "Germany", Some("EU-CENTRAL")),
    ("PL", "Poland", Some("EU-CENTRAL")),
    ("FR", "France", Some("EU-WEST")),
    ("SE", "Sweden", Some("EU-NORTH")),
];

/// Customer hierarchy.
pub(crate) const CHANNELS: &[Node] = &[
    ("RETAIL", "Retail", None),
    ("RET-CHAIN", "Sporting-goods chains", Some("RETAIL")),
    ("RET-SPEC", "Specialist outdoor stores", Some("RETAIL")),
    ("ECOM", "E-commerce", None),
    ("ECOM-MKT", "Online marketplaces", Some("ECOM")),
    ("ECOM-OWN", "Own web shops", Some("ECOM")),
    ("DIST", "Distributors", None),
    ("DIST-EXP", "Export distributors", Some("DIST")),
];

/// Plant Freiburg (tents, poles, snowshoes).
pub(crate) const FREIBURG: &str = "P-FRE";
/// Plant Wrocław (sleeping bags, mats, backpacks).
pub(crate) const WROCLAW: &str = "P-WRO";

/// A plant: `(code, name, region, labour €/h, overhead €/h)`.
pub(crate) const PLANTS: &[(&str, &str, &str, f64, f64)] = &[
    (FREIBURG, "Freiburg plant", "DE", 41.0, 27.0),
    (WROCLAW, "Wrocław plant", "PL", 21.0, 14.0),
];

/// A distribution centre: `(code, name, region)`.
pub(crate) const DCS: &[(&str, &str, &str)] = &[
    ("DC-KAS", "Kassel distribution centre", "DE"),
    ("DC-LYO", "Lyon distribution centre", "FR"),
    ("DC-JKG", "Jönköping distribution centre", "SE"),
];

/// A lane: `(from, to, lead time in buckets, standard deviation of the lead time in
/// buckets, cost per unit)`. The long hauls to Lyon and Jönköping are the unreliable
/// ones (border waits, ferry).
pub(crate) const LANES: &[(&str, &str, u32, f64, f64)] = &[
    (FREIBURG, "DC-KAS", 0, 0.0, 0.85),
    (FREIBURG, "DC-LYO", 0, 0.0, 1.05),
    (FREIBURG, "DC-JKG", 1, 0.3, 1.9),
    (WROCLAW, "DC-KAS", 0, 0.0, 0.75),
    (WROCLAW, "DC-LYO", 1, 0.5, 1.6),
    (WROCLAW, "DC-JKG", 1, 0.3, 1.35),
    (FREIBURG, WROCLAW, 1, 0.0, 0.7),
    (WROCLAW, FREIBURG, 1, 0.0, 0.7),
];

/// A resource.
pub(crate) struct ResourceSpec {
    pub code: &'static str,
    pub name: &'static str,
    pub plant: &'static str,
    pub efficiency: f64,
    /// Average utilisation the base hours are sized for.
    pub target_utilisation: f64,
    /// The resource deliberately left short in the peak season (no overtime planned).
    pub overloaded: bool,
}

/// Resources at the plants.
pub(crate) const RESOURCES: &[ResourceSpec] = &[
    ResourceSpec {
        code: "R-COAT",
        name: "Fabric coating line",
        plant: FREIBURG,
        efficiency: 0.9,
        target_utilisation: 0.82,
        overloaded: false,
    },
    ResourceSpec {
        code: "R-TUBE",
        name: "Tube cutting & swaging cell",
        plant: FREIBURG,
        efficiency: 0.92,
        target_utilisation: 0.82,
        overloaded: false,
    },
    ResourceSpec {
        code: "R-TENT",
        name: "Tent assembly line",
        plant: FREIBURG,
        efficiency: 0.85,
        target_utilisation: 0.8,
        overloaded: true,
    },
    ResourceSpec {
        code: "R-WINT",
        name: "Snowshoe & pole assembly",
        plant: FREIBURG,
        efficiency: 0.9,
        target_utilisation: 0.78,
        overloaded: false,
    },
    ResourceSpec {
        code: "R-QUILT",
        name: "Quilting line",
        plant: WROCLAW,
        efficiency: 0.88,
        target_utilisation: 0.82,
        overloaded: false,
    },
    ResourceSpec {
        code: "R-FOAM",
        name: "Foam lamination & welding",
        plant: WROCLAW,
        efficiency: 0.9,
        target_utilisation: 0.8,
        overloaded: false,
    },
    ResourceSpec {
        code: "R-SEW",
        name: "Sewing & assembly hall",
        plant: WROCLAW,
        efficiency: 0.82,
        target_utilisation: 0.82,
        overloaded: false,
    },
];

/// Suppliers: `(code, name)`.
pub(crate) const SUPPLIERS: &[(&str, &str)] = &[
    ("S-TEX", "Textilwerk Lausitz GmbH"),
    ("S-ALU", "Alu-Profil Sachsen GmbH"),
    ("S-CARB", "Carbotec Composites S.r.l."),
    ("S-DOWN", "Nordfeder Down & Feather A/S"),
    ("S-FIBRE", "Fibrex Polymers Sp. z o.o."),
    ("S-TRIM", "Trimtec Zipper & Buckle Ltd."),
    ("S-EUZIP", "EuroZip Components s.r.o."),
    ("S-CHEM", "ChemCoat Solutions B.V."),
    ("S-PLAST", "Polyform Kunststofftechnik GmbH"),
    ("S-PACK", "Kartonagen Oder Sp. z o.o."),
];

/// Suppliers whose lead time varies: `(supplier, standard deviation of the lead time
/// in buckets)`; every other supplier delivers on time.
pub(crate) const SUPPLIER_LEAD_TIME_SD: &[(&str, f64)] = &[("S-TRIM", 0.5), ("S-CARB", 0.4)];

/// A purchased component and its supply terms.
pub(crate) struct PurchasedSpec {
    pub code: &'static str,
    pub name: &'static str,
    pub family: &'static str,
    pub uom: &'static str,
    /// Purchase price from the primary supplier.
    pub cost: f64,
    pub supplier: &'static str,
    pub lead_time: u32,
    pub min_order: f64,
    pub multiple: f64,
    /// A second source: `(supplier, price factor, lead time)`.
    pub second_source: Option<(&'static str, f64, u32)>,
}

const fn purchased(
    code: &'static str,
    name: &'static str,
    family: &'static str,
    uom: &'static str,
    cost: f64,
    supplier: &'static str,
    terms: (u32, f64, f64),
) -> PurchasedSpec {
    PurchasedSpec {
        code,
        name,
        family,
        uom,
        cost,
        supplier,
        lead_time: terms.0,
        min_order: terms.1,
        multiple: terms.2,
        second_source: None,
    }
}

const fn dual(mut spec: PurchasedSpec, second: (&'static str, f64, u32)) -> PurchasedSpec {
    spec.second_source = Some(second);
    spec
}

/// Purchased components; `terms` are `(lead time, min order, order multiple)`.
#[rustfmt::skip]
pub(crate) const PURCHASED: &[PurchasedSpec] = &[
    purchased("FAB-RIP", "Ripstop nylon 20D, greige", "MAT-TEX", "M2", 2.1, "S-TEX", (2, 500.0, 100.0)),
    purchased("FAB-POLY", "Polyester taffeta 68D", "MAT-TEX", "M2", 1.4, "S-TEX", (2, 500.0, 100.0)),
    purchased("FAB-MESH", "No-see-um mesh", "MAT-TEX", "M2", 1.1, "S-TEX", (2, 200.0, 50.0)),
    purchased("FAB-TAFF", "Downproof nylon taffeta 30D", "MAT-TEX", "M2", 1.65, "S-TEX", (2, 500.0, 100.0)),
    purchased("FAB-CORD", "Cordura 500D", "MAT-TEX", "M2", 6.4, "S-TEX", (2, 200.0, 50.0)),
    purchased("FAB-TPU", "TPU-laminated nylon", "MAT-TEX", "M2", 4.2, "S-TEX", (3, 300.0, 50.0)),
    purchased("DOWN-650", "Duck down 650 cuin", "MAT-FILL", "KG", 46.0, "S-DOWN", (3, 50.0, 25.0)),
    purchased("SYN-FILL", "Synthetic insulation batting", "MAT-FILL", "KG", 9.4, "S-FIBRE", (2, 100.0, 50.0)),
    purchased("FOAM-PU", "Open-cell PU foam 25 mm", "MAT-FILL", "M2", 3.1, "S-FIBRE", (2, 200.0, 50.0)),
    purchased("FOAM-EVA", "Closed-cell EVA foam 10 mm", "MAT-FILL", "M2", 2.6, "S-FIBRE", (2, 200.0, 50.0)),
    purchased("ALU-TUBE8", "Aluminium tube 7001, 8.5 mm", "MAT-MET", "M", 1.35, "S-ALU", (1, 1000.0, 500.0)),
    purchased("ALU-TUBE16", "Aluminium tube 7075, 16 mm", "MAT-MET", "M", 2.2, "S-ALU", (1, 500.0, 250.0)),
    purchased("ALU-FERR", "Aluminium ferrule", "MAT-MET", "PCS", 0.12, "S-ALU", (1, 5000.0, 1000.0)),
    purchased("ALU-STAY", "Aluminium frame stay", "MAT-MET", "PCS", 1.8, "S-ALU", (1, 500.0, 100.0)),
    purchased("STL-RIVET", "Stainless steel rivet", "MAT-MET", "PCS", 0.03, "S-ALU", (1, 10000.0, 5000.0)),
    purchased("STL-CRAMP", "Steel crampon plate", "MAT-MET", "PCS", 3.1, "S-ALU", (1, 500.0, 100.0)),
    purchased("CARB-TUBE", "Carbon fibre tube 16 mm", "MAT-MET", "M", 7.8, "S-CARB", (3, 200.0, 100.0)),
    dual(
        purchased("ZIP-5", "Coil zipper #5", "MAT-TRIM", "PCS", 0.55, "S-TRIM", (3, 2000.0, 500.0)),
        ("S-EUZIP", 1.18, 1),
    ),
    purchased("ZIP-8", "Coil zipper #8", "MAT-TRIM", "PCS", 0.85, "S-TRIM", (3, 1000.0, 500.0)),
    purchased("BUCKLE", "Side-release buckle 25 mm", "MAT-TRIM", "PCS", 0.18, "S-TRIM", (3, 5000.0, 1000.0)),
    dual(
        purchased("WEBBING", "Nylon webbing 25 mm", "MAT-TRIM", "M", 0.22, "S-TRIM", (3, 2000.0, 500.0)),
        ("S-EUZIP", 1.25, 1),
    ),
    purchased("THREAD", "Bonded nylon thread, cone", "MAT-TRIM", "PCS", 6.0, "S-TRIM", (2, 50.0, 10.0)),
    purchased("SHOCK-CORD", "Shock cord 3 mm", "MAT-TRIM", "M", 0.09, "S-TRIM", (2, 2000.0, 500.0)),
    purchased("GUY-LINE", "Reflective guy line", "MAT-TRIM", "M", 0.07, "S-TRIM", (2, 2000.0, 500.0)),
    purchased("PEG-AL", "Alloy tent peg", "MAT-TRIM", "PCS", 0.24, "S-PLAST", (2, 5000.0, 1000.0)),
    purchased("VALVE", "Mat valve", "MAT-TRIM", "PCS", 0.6, "S-PLAST", (2, 1000.0, 500.0)),
    purchased("DECK-HDPE", "HDPE snowshoe deck", "MAT-TRIM", "PCS", 7.4, "S-PLAST", (2, 200.0, 100.0)),
    purchased("BINDING", "Ratchet binding kit", "MAT-TRIM", "PCS", 6.8, "S-PLAST", (2, 200.0, 100.0)),
    purchased("GRIP-CORK", "Cork pole grip", "MAT-TRIM", "PCS", 1.9, "S-PLAST", (2, 500.0, 100.0)),
    purchased("BASKET", "Pole basket", "MAT-TRIM", "PCS", 0.35, "S-PLAST", (2, 1000.0, 500.0)),
    purchased("PU-COAT", "PU/silicone coating compound", "MAT-CHEM", "L", 6.3, "S-CHEM", (1, 200.0, 50.0)),
    purchased("STUFF-SACK", "Printed stuff sack", "MAT-PACK", "PCS", 0.8, "S-TRIM", (3, 1000.0, 500.0)),
    purchased("CARTON-S", "Shipping carton, small", "MAT-PACK", "PCS", 0.45, "S-PACK", (1, 1000.0, 250.0)),
    purchased("CARTON-L", "Shipping carton, large", "MAT-PACK", "PCS", 0.9, "S-PACK", (1, 500.0, 250.0)),
];

/// Seasonal shape of demand, by calendar month (January first); normalised at use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Season {
    /// Camping: strong early-summer peak.
    Camping,
    /// Sleeping gear: summer peak plus Christmas gifts.
    Sleep,
    /// Backpacks: broad summer and back-to-school.
    Pack,
    /// Trekking poles: spring and summer hiking.
    Trekking,
    /// Snowshoes and ski gear: winter.
    Winter,
}

impl Season {
    /// Monthly indices, January first, mean 1.
    pub(crate) fn profile(self) -> [f64; 12] {
        let raw: [f64; 12] = match self {
            Season::Camping => [
                0.45, 0.5, 0.75, 1.05, 1.45, 1.65, 1.6, 1.2, 0.8, 0.55, 0.5, 0.5,
            ],
            Season::Sleep => [
                0.6, 0.6, 0.8, 1.0, 1.25, 1.35, 1.3, 1.0, 0.85, 0.8, 1.05, 1.4,
            ],
            Season::Pack => [
                0.7, 0.7, 0.85, 1.0, 1.15, 1.2, 1.25, 1.3, 1.15, 0.9, 0.85, 1.05,
            ],
            Season::Trekking => [
                0.6, 0.65, 0.9, 1.1, 1.3, 1.35, 1.35, 1.2, 1.05, 0.85, 0.7, 0.95,
            ],
            Season::Winter => [1.7, 1.3, 0.8, 0.4, 0.25, 0.2, 0.25, 0.4, 0.8, 1.4, 1.9, 2.0],
        };
        let mean = raw.iter().sum::<f64>() / 12.0;
        raw.map(|value| value / mean)
    }
}

/// How an item's demand behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pattern {
    /// A steady seller with trend, seasonality, promotions and noise.
    Regular,
    /// A slow mover (spare parts, niche sizes): a few units, many empty months.
    Slow,
    /// Launched `months_ago` buckets before the plan start, ramping up.
    Launched {
        /// Buckets between the launch and the plan start.
        months_ago: usize,
    },
}

/// Demand parameters of a finished item.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DemandSpec {
    /// Deseasonalised units per bucket at the plan start, all customers together.
    pub level: f64,
    pub season: Season,
    pub pattern: Pattern,
}

/// A made item (finished or intermediate).
pub(crate) struct MadeSpec {
    pub code: &'static str,
    pub name: &'static str,
    pub family: &'static str,
    pub item_type: ItemType,
    pub uom: &'static str,
    pub plant: &'static str,
    pub lead_time: u32,
    /// `(resource, hours per unit)`.
    pub routing: Vec<(&'static str, f64)>,
    /// `(component, quantity per, scrap)`.
    pub bom: Vec<(&'static str, f64, f64)>,
    /// Demand for finished items.
    pub demand: Option<DemandSpec>,
}

fn intermediate(
    code: &'static str,
    name: &'static str,
    family: &'static str,
    uom: &'static str,
    plant: &'static str,
    routing: Vec<(&'static str, f64)>,
    bom: Vec<(&'static str, f64, f64)>,
) -> MadeSpec {
    MadeSpec {
        code,
        name,
        family,
        item_type: ItemType::Intermediate,
        uom,
        plant,
        lead_time: 0,
        routing,
        bom,
        demand: None,
    }
}

struct Finished {
    code: &'static str,
    name: &'static str,
    level: f64,
    pattern: Pattern,
}

const fn fin(code: &'static str, name: &'static str, level: f64) -> Finished {
    Finished {
        code,
        name,
        level,
        pattern: Pattern::Regular,
    }
}

const fn slow(code: &'static str, name: &'static str, level: f64) -> Finished {
    Finished {
        code,
        name,
        level,
        pattern: Pattern::Slow,
    }
}

const fn launched(
    code: &'static str,
    name: &'static str,
    level: f64,
    months_ago: usize,
) -> Finished {
    Finished {
        code,
        name,
        level,
        pattern: Pattern::Launched { months_ago },
    }
}

struct Group {
    family: &'static str,
    plant: &'static str,
    season: Season,
    lead_time: u32,
}

impl Group {
    fn item(
        &self,
        spec: Finished,
        routing: Vec<(&'static str, f64)>,
        bom: Vec<(&'static str, f64, f64)>,
    ) -> MadeSpec {
        MadeSpec {
            code: spec.code,
            name: spec.name,
            family: self.family,
            item_type: ItemType::Finished,
            uom: "EA",
            plant: self.plant,
            lead_time: self.lead_time,
            routing,
            bom,
            demand: Some(DemandSpec {
                level: spec.level,
                season: self.season,
                pattern: spec.pattern,
            }),
        }
    }
}

/// Intermediate items (sub-assemblies); each uses purchased components only.
pub(crate) fn intermediates() -> Vec<MadeSpec> {
    vec![
        intermediate(
            "I-COATFLY",
            "Coated ripstop, flysheet grade",
            "SEMI-TEX",
            "M2",
            FREIBURG,
            vec![("R-COAT", 0.004)],
            vec![("FAB-RIP", 1.0, 0.04), ("PU-COAT", 0.06, 0.0)],
        ),
        intermediate(
            "I-POLESEG",
            "Tent pole segment, 8.5 mm",
            "SEMI-MET",
            "PCS",
            FREIBURG,
            vec![("R-TUBE", 0.006)],
            vec![("ALU-TUBE8", 0.48, 0.02), ("ALU-FERR", 1.0, 0.0)],
        ),
        intermediate(
            "I-POLESHAFT",
            "Pole shaft section, 16 mm",
            "SEMI-MET",
            "PCS",
            FREIBURG,
            vec![("R-TUBE", 0.012)],
            vec![("ALU-TUBE16", 0.65, 0.03), ("ALU-FERR", 1.0, 0.0)],
        ),
        intermediate(
            "I-SNOWFRAME",
            "Snowshoe frame",
            "SEMI-MET",
            "PCS",
            FREIBURG,
            vec![("R-TUBE", 0.045)],
            vec![("ALU-TUBE16", 1.6, 0.03), ("STL-RIVET", 8.0, 0.0)],
        ),
        intermediate(
            "I-QUILTDOWN",
            "Quilted down panel",
            "SEMI-TEX",
            "M2",
            WROCLAW,
            vec![("R-QUILT", 0.11)],
            vec![
                ("FAB-TAFF", 2.0, 0.03),
                ("DOWN-650", 0.17, 0.02),
                ("THREAD", 0.01, 0.0),
            ],
        ),
        intermediate(
            "I-QUILTSYN",
            "Quilted synthetic panel",
            "SEMI-TEX",
            "M2",
            WROCLAW,
            vec![("R-QUILT", 0.07)],
            vec![
                ("FAB-TAFF", 2.0, 0.03),
                ("SYN-FILL", 0.24, 0.0),
                ("THREAD", 0.01, 0.0),
            ],
        ),
        intermediate(
            "I-MATCORE",
            "Laminated self-inflating mat core",
            "SEMI-TEX",
            "M2",
            WROCLAW,
            vec![("R-FOAM", 0.06)],
            vec![("FAB-TPU", 2.05, 0.05), ("FOAM-PU", 1.0, 0.0)],
        ),
        intermediate(
            "I-HARNESS",
            "Padded harness & hip belt",
            "SEMI-SEW",
            "PCS",
            WROCLAW,
            vec![("R-SEW", 0.3)],
            vec![
                ("FAB-CORD", 0.25, 0.06),
                ("FOAM-EVA", 0.15, 0.0),
                ("WEBBING", 2.5, 0.0),
                ("BUCKLE", 3.0, 0.0),
                ("THREAD", 0.01, 0.0),
            ],
        ),
    ]
}

/// Finished items, grouped by sub-family; quantities scale with the product size.
pub(crate) fn finished() -> Vec<MadeSpec> {
    let mut items = Vec::new();

    let dome = Group {
        family: "TENT-DOME",
        plant: FREIBURG,
        season: Season::Camping,
        lead_time: 0,
    };
    let dome_bom = |size: f64, poles: f64| {
        vec![
            ("I-COATFLY", 4.0 * size, 0.05),
            ("FAB-POLY", 2.8 * size, 0.04),
            ("FAB-MESH", 1.4 * size, 0.0),
            ("I-POLESEG", poles, 0.0),
            ("ZIP-5", if size > 1.5 { 3.0 } else { 2.0 }, 0.0),
            ("PEG-AL", (8.0 * size).round(), 0.0),
            ("GUY-LINE", (8.0 * size).round(), 0.0),
            ("SHOCK-CORD", 0.5 * poles, 0.0),
            ("THREAD", 0.02 * size, 0.0),
            ("STUFF-SACK", 1.0, 0.0),
            ("CARTON-L", 1.0, 0.0),
        ]
    };
    let dome_hours = |size: f64| vec![("R-TENT", 0.4 * size + 0.15)];
    for (spec, size, poles) in [
        (fin("T-DOME-1", "Dome tent Solo 1P", 420.0), 1.0, 6.0),
        (fin("T-DOME-2", "Dome tent Ridge 2P", 900.0), 1.3, 8.0),
        (fin("T-DOME-3", "Dome tent Ridge 3P", 640.0), 1.6, 10.0),
        (fin("T-DOME-4", "Dome tent Basecamp 4P", 380.0), 2.0, 12.0),
        (
            launched("T-DOME-2UL", "Ultralight dome tent Feather 2P", 320.0, 7),
            1.15,
            8.0,
        ),
    ] {
        items.push(dome.item(spec, dome_hours(size), dome_bom(size, poles)));
    }

    let tunnel = Group {
        family: "TENT-TUNNEL",
        ..dome
    };
    for (spec, size, poles) in [
        (fin("T-TUN-2", "Tunnel tent Nomad 2P", 310.0), 1.4_f64, 9.0),
        (fin("T-TUN-3", "Tunnel tent Nomad 3P", 360.0), 1.8, 12.0),
        (fin("T-TUN-4", "Tunnel tent Fjord 4P", 420.0), 2.3, 15.0),
        (
            fin("T-TUN-6", "Family tunnel tent Lodge 6P", 250.0),
            3.2,
            18.0,
        ),
    ] {
        let bom = vec![
            ("I-COATFLY", 5.0 * size, 0.05),
            ("FAB-POLY", 3.5 * size, 0.04),
            ("FAB-MESH", 1.2 * size, 0.0),
            ("I-POLESEG", poles, 0.0),
            ("ZIP-8", 3.0, 0.0),
            ("PEG-AL", (10.0 * size).round(), 0.0),
            ("GUY-LINE", (12.0 * size).round(), 0.0),
            ("SHOCK-CORD", 0.5 * poles, 0.0),
            ("THREAD", 0.025 * size, 0.0),
            ("STUFF-SACK", 1.0, 0.0),
            ("CARTON-L", 1.0, 0.0),
        ];
        items.push(tunnel.item(spec, vec![("R-TENT", 0.45 * size + 0.2)], bom));
    }

    let tent_acc = Group {
        family: "TENT-ACC",
        ..dome
    };
    items.push(tent_acc.item(
        fin("T-FOOT-2", "Tent footprint 2P", 380.0),
        vec![("R-TENT", 0.08)],
        vec![
            ("FAB-POLY", 3.0, 0.04),
            ("GUY-LINE", 2.0, 0.0),
            ("CARTON-S", 1.0, 0.0),
        ],
    ));
    items.push(tent_acc.item(
        fin("T-TARP", "Tarp 3 x 3 m", 260.0),
        vec![("R-TENT", 0.18)],
        vec![
            ("I-COATFLY", 9.5, 0.03),
            ("GUY-LINE", 12.0, 0.0),
            ("PEG-AL", 6.0, 0.0),
            ("STUFF-SACK", 1.0, 0.0),
            ("CARTON-S", 1.0, 0.0),
        ],
    ));
    items.push(tent_acc.item(
        slow("T-SPARE-POLE", "Spare pole section kit", 0.7),
        vec![("R-TENT", 0.05)],
        vec![
            ("I-POLESEG", 3.0, 0.0),
            ("SHOCK-CORD", 1.5, 0.0),
            ("CARTON-S", 1.0, 0.0),
        ],
    ));
    items.push(tent_acc.item(
        fin("T-REPAIR", "Tent repair kit", 150.0),
        vec![("R-TENT", 0.04)],
        vec![
            ("I-COATFLY", 0.2, 0.0),
            ("FAB-MESH", 0.1, 0.0),
            ("THREAD", 0.005, 0.0),
            ("CARTON-S", 1.0, 0.0),
        ],
    ));

    let down = Group {
        family: "SLEEP-DOWN",
        plant: WROCLAW,
        season: Season::Sleep,
        lead_time: 1,
    };
    for (spec, area) in [
        (fin("S-DOWN-0", "Down sleeping bag Trail 0 °C", 450.0), 2.8),
        (fin("S-DOWN-5", "Down sleeping bag Ridge -5 °C", 320.0), 3.2),
        (
            fin("S-DOWN-10", "Down sleeping bag Summit -10 °C", 180.0),
            3.6,
        ),
        (
            slow("S-DOWN-XL", "Expedition down bag -25 °C, XL", 0.8),
            4.5,
        ),
    ] {
        let bom = vec![
            ("I-QUILTDOWN", area, 0.0),
            ("ZIP-5", 1.0, 0.0),
            ("STUFF-SACK", 1.0, 0.0),
            ("CARTON-S", 1.0, 0.0),
        ];
        items.push(down.item(spec, vec![("R-SEW", 0.35 + 0.05 * area)], bom));
    }

    let synthetic = Group {
        family: "SLEEP-SYN",
        lead_time: 0,
        ..down
    };
    for (spec, area) in [
        (
            fin("S-SYN-15", "Synthetic sleeping bag Camp +15 °C", 520.0),
            2.6,
        ),
        (
            fin("S-SYN-5", "Synthetic sleeping bag Hiker +5 °C", 610.0),
            3.0,
        ),
        (
            fin("S-SYN-0", "Synthetic sleeping bag Tundra 0 °C", 390.0),
            3.4,
        ),
        (fin("S-SYN-KIDS", "Kids sleeping bag Cub", 240.0), 1.8),
    ] {
        let bom = vec![
            ("I-QUILTSYN", area, 0.0),
            ("ZIP-5", 1.0, 0.0),
            ("STUFF-SACK", 1.0, 0.0),
            ("CARTON-S", 1.0, 0.0),
        ];
        items.push(synthetic.item(spec, vec![("R-SEW", 0.25 + 0.04 * area)], bom));
    }

    let mats = Group {
        family: "SLEEP-MAT",
        lead_time: 0,
        ..down
    };
    for (spec, core) in [
        (fin("M-SI-R", "Self-inflating mat, regular", 480.0), 1.0),
        (fin("M-SI-L", "Self-inflating mat, large", 260.0), 1.25),
    ] {
        let bom = vec![
            ("I-MATCORE", core, 0.0),
            ("VALVE", 1.0, 0.0),
            ("STUFF-SACK", 1.0, 0.0),
            ("CARTON-S", 1.0, 0.0),
        ];
        items.push(mats.item(spec, vec![("R-FOAM", 0.08 * core)], bom));
    }
    for (spec, area) in [
        (fin("M-AIR-R", "Air mat, regular", 540.0), 2.1),
        (launched("M-AIR-L", "Air mat, large", 220.0, 4), 2.6),
    ] {
        let bom = vec![
            ("FAB-TPU", area, 0.05),
            ("VALVE", 1.0, 0.0),
            ("STUFF-SACK", 1.0, 0.0),
            ("CARTON-S", 1.0, 0.0),
        ];
        items.push(mats.item(spec, vec![("R-FOAM", 0.05 * area)], bom));
    }
    items.push(mats.item(
        fin("M-FOAM", "Closed-cell foam mat", 350.0),
        vec![("R-FOAM", 0.04)],
        vec![("FOAM-EVA", 1.15, 0.04), ("WEBBING", 0.6, 0.0)],
    ));

    let day = Group {
        family: "PACK-DAY",
        plant: WROCLAW,
        season: Season::Pack,
        lead_time: 0,
    };
    for (spec, size) in [
        (fin("B-DAY-20", "Day pack Trail 20 L", 640.0), 0.8),
        (fin("B-DAY-28", "Day pack Trail 28 L", 720.0), 1.0),
        (fin("B-DAY-32", "Day pack Alpine 32 L", 410.0), 1.15),
        (fin("B-HYD-12", "Hydration pack 12 L", 300.0), 0.6),
        (fin("B-KIDS-15", "Kids day pack 15 L", 260.0), 0.55),
    ] {
        let bom = vec![
            ("FAB-POLY", 1.3 * size, 0.06),
            ("FAB-CORD", 0.2 * size, 0.06),
            ("FOAM-EVA", 0.12, 0.0),
            ("ZIP-8", 2.0, 0.0),
            ("WEBBING", 2.0 * size, 0.0),
            ("BUCKLE", 2.0, 0.0),
            ("THREAD", 0.01, 0.0),
            ("CARTON-S", 1.0, 0.0),
        ];
        items.push(day.item(spec, vec![("R-SEW", 0.3 + 0.25 * size)], bom));
    }

    let trek = Group {
        family: "PACK-TREK",
        ..day
    };
    for (spec, size) in [
        (fin("B-TREK-45", "Trekking pack Traverse 45 L", 330.0), 1.0),
        (fin("B-TREK-55", "Trekking pack Traverse 55 L", 340.0), 1.2),
        (
            fin("B-TREK-65", "Trekking pack Expedition 65 L", 240.0),
            1.45,
        ),
        (
            launched("B-TREK-W50", "Women's trekking pack Aurora 50 L", 210.0, 9),
            1.1,
        ),
        (slow("B-TREK-85", "Expedition pack 85 L", 1.0), 1.9),
    ] {
        let bom = vec![
            ("I-HARNESS", 1.0, 0.0),
            ("ALU-STAY", 2.0, 0.0),
            ("FAB-CORD", 1.4 * size, 0.06),
            ("FAB-POLY", 0.8 * size, 0.06),
            ("ZIP-8", 3.0, 0.0),
            ("WEBBING", 3.0 * size, 0.0),
            ("BUCKLE", 4.0, 0.0),
            ("THREAD", 0.02 * size, 0.0),
            ("CARTON-L", 1.0, 0.0),
        ];
        items.push(trek.item(spec, vec![("R-SEW", 0.55 + 0.35 * size)], bom));
    }

    let shoes = Group {
        family: "SNOW-SHOE",
        plant: FREIBURG,
        season: Season::Winter,
        lead_time: 0,
    };
    for (spec, size) in [
        (
            fin("W-SHOE-21", "Snowshoes Powder 21 in, pair", 160.0),
            0.9_f64,
        ),
        (fin("W-SHOE-25", "Snowshoes Powder 25 in, pair", 230.0), 1.0),
        (
            fin("W-SHOE-30", "Snowshoes Backcountry 30 in, pair", 120.0),
            1.2,
        ),
        (fin("W-SHOE-KIDS", "Kids snowshoes, pair", 90.0), 0.7),
    ] {
        let bom = vec![
            ("I-SNOWFRAME", 2.0, 0.0),
            ("DECK-HDPE", 2.0, 0.02),
            ("BINDING", 2.0, 0.0),
            ("STL-CRAMP", 2.0, 0.0),
            ("STL-RIVET", (16.0 * size).round(), 0.0),
            ("CARTON-L", 1.0, 0.0),
        ];
        items.push(shoes.item(spec, vec![("R-WINT", 0.5 + 0.2 * size)], bom));
    }

    let trek_poles = Group {
        family: "SNOW-POLE",
        season: Season::Trekking,
        ..shoes
    };
    items.push(trek_poles.item(
        fin("W-POLE-AL", "Trekking poles, aluminium, pair", 700.0),
        vec![("R-WINT", 0.16)],
        vec![
            ("I-POLESHAFT", 6.0, 0.0),
            ("GRIP-CORK", 2.0, 0.0),
            ("BASKET", 2.0, 0.0),
            ("WEBBING", 1.2, 0.0),
            ("CARTON-S", 1.0, 0.0),
        ],
    ));
    items.push(trek_poles.item(
        fin("W-POLE-CB", "Trekking poles, carbon, pair", 300.0),
        vec![("R-TUBE", 0.04), ("R-WINT", 0.2)],
        vec![
            ("CARB-TUBE", 2.6, 0.04),
            ("ALU-FERR", 4.0, 0.0),
            ("GRIP-CORK", 2.0, 0.0),
            ("BASKET", 2.0, 0.0),
            ("WEBBING", 1.2, 0.0),
            ("CARTON-S", 1.0, 0.0),
        ],
    ));
    let ski_poles = Group {
        family: "SNOW-POLE",
        ..shoes
    };
    for (spec, shafts) in [
        (fin("W-POLE-SKI", "Ski poles, pair", 380.0), 2.0),
        (fin("W-POLE-KIDS", "Kids ski poles, pair", 150.0), 2.0),
    ] {
        let bom = vec![
            ("I-POLESHAFT", shafts, 0.0),
            ("GRIP-CORK", 2.0, 0.0),
            ("BASKET", 2.0, 0.0),
            ("WEBBING", 1.0, 0.0),
            ("CARTON-S", 1.0, 0.0),
        ];
        items.push(ski_poles.item(spec, vec![("R-WINT", 0.12)], bom));
    }

    let winter_acc = Group {
        family: "SNOW-ACC",
        ..shoes
    };
    items.push(winter_acc.item(
        fin("W-GAITER", "Snow gaiters, pair", 240.0),
        vec![("R-WINT", 0.15)],
        vec![
            ("FAB-CORD", 0.5, 0.06),
            ("ZIP-8", 2.0, 0.0),
            ("WEBBING", 0.4, 0.0),
            ("BUCKLE", 2.0, 0.0),
            ("CARTON-S", 1.0, 0.0),
        ],
    ));
    items.push(winter_acc.item(
        slow("W-SPARE-BASKET", "Spare powder basket set", 0.5),
        vec![("R-WINT", 0.02)],
        vec![("BASKET", 2.0, 0.0), ("CARTON-S", 1.0, 0.0)],
    ));

    items
}

/// A customer and how it buys.
pub(crate) struct CustomerSpec {
    pub code: &'static str,
    pub name: &'static str,
    pub channel: &'static str,
    pub dc: &'static str,
    /// Relative size of the account.
    pub weight: f64,
    /// Probability it lists a given (regular) item.
    pub breadth: f64,
    /// Whether it stocks the slow movers (spares, niche sizes).
    pub stocks_slow_movers: bool,
}

const fn customer(
    code: &'static str,
    name: &'static str,
    channel: &'static str,
    dc: &'static str,
    weight: f64,
    breadth: f64,
) -> CustomerSpec {
    CustomerSpec {
        code,
        name,
        channel,
        dc,
        weight,
        breadth,
        stocks_slow_movers: false,
    }
}

impl CustomerSpec {
    /// Retailers and marketplaces run promotions; own shops and distributors do not.
    pub(crate) fn promotes(&self) -> bool {
        self.channel.starts_with("RET-") || self.channel == "ECOM-MKT"
    }
}

const fn with_slow_movers(mut spec: CustomerSpec) -> CustomerSpec {
    spec.stocks_slow_movers = true;
    spec
}

/// Customers, each served from one DC.
#[rustfmt::skip]
pub(crate) const CUSTOMERS: &[CustomerSpec] = &[
    customer("C-SPORTWELT", "Sportwelt Handels AG", "RET-CHAIN", "DC-KAS", 3.0, 0.8),
    customer("C-GRANDAIR", "Grand Air Sports SA", "RET-CHAIN", "DC-LYO", 2.6, 0.75),
    customer("C-NORDSPORT", "Nordsport Kedjan AB", "RET-CHAIN", "DC-JKG", 1.8, 0.7),
    with_slow_movers(customer("C-GIPFEL", "Gipfelstürmer Outdoor KG", "RET-SPEC", "DC-KAS", 1.2, 0.5)),
    customer("C-REFUGE", "Le Refuge Montagne SARL", "RET-SPEC", "DC-LYO", 1.0, 0.45),
    customer("C-FJALL", "Fjällbutiken AB", "RET-SPEC", "DC-JKG", 0.9, 0.45),
    customer("C-TRAILMKT", "TrailMarket.eu", "ECOM-MKT", "DC-KAS", 2.2, 0.6),
    customer("C-BAZAAR", "Bazaar Plein Air SAS", "ECOM-MKT", "DC-LYO", 1.6, 0.5),
    with_slow_movers(customer("C-WEB-DE", "Alpenglow web shop Germany", "ECOM-OWN", "DC-KAS", 1.0, 1.0)),
    customer("C-WEB-FR", "Alpenglow web shop France", "ECOM-OWN", "DC-LYO", 0.7, 0.6),
    customer("C-WEB-SE", "Alpenglow web shop Nordics", "ECOM-OWN", "DC-JKG", 0.6, 0.5),
    customer("C-BALKAN", "Balkan Outdoor Distribution d.o.o.", "DIST-EXP", "DC-KAS", 1.4, 0.35),
    customer("C-IBERIA", "Iberia Aventura Distribución S.L.", "DIST-EXP", "DC-LYO", 1.3, 0.35),
];
