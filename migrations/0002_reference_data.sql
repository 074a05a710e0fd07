-- Reference data: police forces, postcode-area routing, bank holidays and the national referral queue.
-- Changing any of it later needs a new migration (applied migrations are never edited).

-- The 43 territorial police forces of England and Wales plus British Transport Police.
-- Region: the ONS region (Wales as one region); BTP operates across Great Britain, so 'National'.
INSERT INTO police_forces (code, name, region) VALUES
  ('met', 'Metropolitan Police Service', 'London'),
  ('city-of-london', 'City of London Police', 'London'),
  ('thames-valley', 'Thames Valley Police', 'South East'),
  ('hampshire', 'Hampshire and Isle of Wight Constabulary', 'South East'),
  ('kent', 'Kent Police', 'South East'),
  ('surrey', 'Surrey Police', 'South East'),
  ('sussex', 'Sussex Police', 'South East'),
  ('bedfordshire', 'Bedfordshire Police', 'East of England'),
  ('cambridgeshire', 'Cambridgeshire Constabulary', 'East of England'),
  ('essex', 'Essex Police', 'East of England'),
  ('hertfordshire', 'Hertfordshire Constabulary', 'East of England'),
  ('norfolk', 'Norfolk Constabulary', 'East of England'),
  ('suffolk', 'Suffolk Constabulary', 'East of England'),
  ('avon-and-somerset', 'Avon and Somerset Police', 'South West'),
  ('devon-and-cornwall', 'Devon and Cornwall Police', 'South West'),
  ('dorset', 'Dorset Police', 'South West'),
  ('gloucestershire', 'Gloucestershire Constabulary', 'South West'),
  ('wiltshire', 'Wiltshire Police', 'South West'),
  ('west-midlands', 'West Midlands Police', 'West Midlands'),
  ('staffordshire', 'Staffordshire Police', 'West Midlands'),
  ('warwickshire', 'Warwickshire Police', 'West Midlands'),
  ('west-mercia', 'West Mercia Police', 'West Midlands'),
  ('derbyshire', 'Derbyshire Constabulary', 'East Midlands'),
  ('leicestershire', 'Leicestershire Police', 'East Midlands'),
  ('lincolnshire', 'Lincolnshire Police', 'East Midlands'),
  ('northamptonshire', 'Northamptonshire Police', 'East Midlands'),
  ('nottinghamshire', 'Nottinghamshire Police', 'East Midlands'),
  ('west-yorkshire', 'West Yorkshire Police', 'Yorkshire and the Humber'),
  ('south-yorkshire', 'South Yorkshire Police', 'Yorkshire and the Humber'),
  ('north-yorkshire', 'North Yorkshire Police', 'Yorkshire and the Humber'),
  ('humberside', 'Humberside Police', 'Yorkshire and the Humber'),
  ('greater-manchester', 'Greater Manchester Police', 'North West'),
  ('merseyside', 'Merseyside Police', 'North West'),
  ('lancashire', 'Lancashire Constabulary', 'North West'),
  ('cumbria', 'Cumbria Constabulary', 'North West'),
  ('cheshire', 'Cheshire Constabulary', 'North West'),
  ('northumbria', 'Northumbria Police', 'North East'),
  ('durham', 'Durham Constabulary', 'North East'),
  ('cleveland', 'Cleveland Police', 'North East'),
  ('south-wales', 'South Wales Police', 'Wales'),
  ('dyfed-powys', 'Dyfed-Powys Police', 'Wales'),
  ('gwent', 'Gwent Police', 'Wales'),
  ('north-wales', 'North Wales Police', 'Wales'),
  ('btp', 'British Transport Police', 'National');
--> statement-breakpoint
-- Postcode area (the 1-2 letter prefix) -> force that covers most of it. This is an area-level
-- approximation: districts straddling force boundaries route to the predominant force (notable splits are
-- noted per line). NULL: Scotland, Northern Ireland, Channel Islands and the Isle of Man, which route to
-- the national queue.
INSERT INTO postcode_area_forces (area, force_code) VALUES
  ('AB', NULL),
  ('AL', 'hertfordshire'),
  ('B', 'west-midlands'),
  ('BA', 'avon-and-somerset'),   -- west Wiltshire towns are Wiltshire
  ('BB', 'lancashire'),
  ('BD', 'west-yorkshire'),
  ('BH', 'dorset'),
  ('BL', 'greater-manchester'),
  ('BN', 'sussex'),
  ('BR', 'met'),
  ('BS', 'avon-and-somerset'),
  ('BT', NULL),
  ('CA', 'cumbria'),
  ('CB', 'cambridgeshire'),
  ('CF', 'south-wales'),
  ('CH', 'merseyside'),          -- Wirral; Chester is Cheshire, Deeside/Flintshire is North Wales
  ('CM', 'essex'),
  ('CO', 'essex'),
  ('CR', 'met'),
  ('CT', 'kent'),
  ('CV', 'warwickshire'),        -- Coventry itself is West Midlands
  ('CW', 'cheshire'),
  ('DA', 'kent'),                -- Bexley and Sidcup are Met
  ('DD', NULL),
  ('DE', 'derbyshire'),          -- Burton is Staffordshire
  ('DG', NULL),
  ('DH', 'durham'),
  ('DL', 'durham'),              -- Northallerton and Richmond are North Yorkshire
  ('DN', 'humberside'),          -- Doncaster is South Yorkshire, Gainsborough Lincolnshire
  ('DT', 'dorset'),
  ('DY', 'west-midlands'),       -- Kidderminster is West Mercia
  ('E', 'met'),
  ('EC', 'city-of-london'),      -- EC1 is mostly Met
  ('EH', NULL),
  ('EN', 'met'),                 -- EN6-EN11 are Hertfordshire/Essex
  ('EX', 'devon-and-cornwall'),
  ('FK', NULL),
  ('FY', 'lancashire'),
  ('G', NULL),
  ('GL', 'gloucestershire'),
  ('GU', 'surrey'),              -- Aldershot, Farnborough, Alton are Hampshire
  ('HA', 'met'),
  ('HD', 'west-yorkshire'),
  ('HG', 'north-yorkshire'),
  ('HP', 'thames-valley'),       -- Hemel Hempstead is Hertfordshire
  ('HR', 'west-mercia'),
  ('HS', NULL),
  ('HU', 'humberside'),
  ('HX', 'west-yorkshire'),
  ('IG', 'met'),
  ('IP', 'suffolk'),             -- Thetford is Norfolk
  ('IV', NULL),
  ('KA', NULL),
  ('KT', 'surrey'),              -- Kingston and Surbiton are Met
  ('KW', NULL),
  ('KY', NULL),
  ('L', 'merseyside'),
  ('LA', 'cumbria'),             -- Lancaster and Morecambe are Lancashire
  ('LD', 'dyfed-powys'),
  ('LE', 'leicestershire'),
  ('LL', 'north-wales'),
  ('LN', 'lincolnshire'),
  ('LS', 'west-yorkshire'),
  ('LU', 'bedfordshire'),
  ('M', 'greater-manchester'),
  ('ME', 'kent'),
  ('MK', 'thames-valley'),       -- Bedford is Bedfordshire
  ('ML', NULL),
  ('N', 'met'),
  ('NE', 'northumbria'),
  ('NG', 'nottinghamshire'),
  ('NN', 'northamptonshire'),
  ('NP', 'gwent'),
  ('NR', 'norfolk'),
  ('NW', 'met'),
  ('OL', 'greater-manchester'),
  ('OX', 'thames-valley'),
  ('PA', NULL),
  ('PE', 'cambridgeshire'),      -- Stamford, Spalding, Boston are Lincolnshire; King's Lynn is Norfolk
  ('PH', NULL),
  ('PL', 'devon-and-cornwall'),
  ('PO', 'hampshire'),           -- Chichester and Bognor are Sussex
  ('PR', 'lancashire'),
  ('RG', 'thames-valley'),       -- Basingstoke is Hampshire
  ('RH', 'sussex'),              -- Redhill, Reigate, Dorking are Surrey
  ('RM', 'met'),                 -- Grays and Tilbury are Essex
  ('S', 'south-yorkshire'),      -- Chesterfield is Derbyshire, Worksop Nottinghamshire
  ('SA', 'dyfed-powys'),         -- Swansea and Neath Port Talbot are South Wales
  ('SE', 'met'),
  ('SG', 'hertfordshire'),       -- Biggleswade and Sandy are Bedfordshire
  ('SK', 'greater-manchester'),  -- Macclesfield is Cheshire, Buxton Derbyshire
  ('SL', 'thames-valley'),
  ('SM', 'met'),
  ('SN', 'wiltshire'),
  ('SO', 'hampshire'),
  ('SP', 'wiltshire'),           -- Andover is Hampshire
  ('SR', 'northumbria'),
  ('SS', 'essex'),
  ('ST', 'staffordshire'),
  ('SW', 'met'),
  ('SY', 'west-mercia'),         -- mid Wales is Dyfed-Powys
  ('TA', 'avon-and-somerset'),
  ('TD', NULL),                  -- Berwick-upon-Tweed is Northumbria
  ('TF', 'west-mercia'),
  ('TN', 'kent'),                -- Hastings and Bexhill are Sussex
  ('TQ', 'devon-and-cornwall'),
  ('TR', 'devon-and-cornwall'),
  ('TS', 'cleveland'),           -- Peterlee is Durham
  ('TW', 'met'),                 -- Staines and Egham are Surrey
  ('UB', 'met'),
  ('W', 'met'),
  ('WA', 'cheshire'),            -- St Helens is Merseyside
  ('WC', 'met'),
  ('WD', 'hertfordshire'),
  ('WF', 'west-yorkshire'),
  ('WN', 'greater-manchester'),  -- Skelmersdale is Lancashire
  ('WR', 'west-mercia'),
  ('WS', 'west-midlands'),       -- Cannock and Lichfield are Staffordshire
  ('WV', 'west-midlands'),
  ('YO', 'north-yorkshire'),     -- Bridlington is Humberside
  ('ZE', NULL),
  ('GY', NULL),
  ('JE', NULL),
  ('IM', NULL);
--> statement-breakpoint
-- England and Wales bank holidays 2024-2030 (working-day deadlines skip these). Substitute days are
-- listed in place of a holiday that falls at a weekend. Add later years in a new migration.
INSERT INTO bank_holidays (day, name) VALUES
  ('2024-01-01', 'New Year''s Day'),
  ('2024-03-29', 'Good Friday'),
  ('2024-04-01', 'Easter Monday'),
  ('2024-05-06', 'Early May bank holiday'),
  ('2024-05-27', 'Spring bank holiday'),
  ('2024-08-26', 'Summer bank holiday'),
  ('2024-12-25', 'Christmas Day'),
  ('2024-12-26', 'Boxing Day'),
  ('2025-01-01', 'New Year''s Day'),
  ('2025-04-18', 'Good Friday'),
  ('2025-04-21', 'Easter Monday'),
  ('2025-05-05', 'Early May bank holiday'),
  ('2025-05-26', 'Spring bank holiday'),
  ('2025-08-25', 'Summer bank holiday'),
  ('2025-12-25', 'Christmas Day'),
  ('2025-12-26', 'Boxing Day'),
  ('2026-01-01', 'New Year''s Day'),
  ('2026-04-03', 'Good Friday'),
  ('2026-04-06', 'Easter Monday'),
  ('2026-05-04', 'Early May bank holiday'),
  ('2026-05-25', 'Spring bank holiday'),
  ('2026-08-31', 'Summer bank holiday'),
  ('2026-12-25', 'Christmas Day'),
  ('2026-12-28', 'Boxing Day (substitute day)'),
  ('2027-01-01', 'New Year''s Day'),
  ('2027-03-26', 'Good Friday'),
  ('2027-03-29', 'Easter Monday'),
  ('2027-05-03', 'Early May bank holiday'),
  ('2027-05-31', 'Spring bank holiday'),
  ('2027-08-30', 'Summer bank holiday'),
  ('2027-12-27', 'Christmas Day (substitute day)'),
  ('2027-12-28', 'Boxing Day (substitute day)'),
  ('2028-01-03', 'New Year''s Day (substitute day)'),
  ('2028-04-14', 'Good Friday'),
  ('2028-04-17', 'Easter Monday'),
  ('2028-05-01', 'Early May bank holiday'),
  ('2028-05-29', 'Spring bank holiday'),
  ('2028-08-28', 'Summer bank holiday'),
  ('2028-12-25', 'Christmas Day'),
  ('2028-12-26', 'Boxing Day'),
  ('2029-01-01', 'New Year''s Day'),
  ('2029-03-30', 'Good Friday'),
  ('2029-04-02', 'Easter Monday'),
  ('2029-05-07', 'Early May bank holiday'),
  ('2029-05-28', 'Spring bank holiday'),
  ('2029-08-27', 'Summer bank holiday'),
  ('2029-12-25', 'Christmas Day'),
  ('2029-12-26', 'Boxing Day'),
  ('2030-01-01', 'New Year''s Day'),
  ('2030-04-19', 'Good Friday'),
  ('2030-04-22', 'Easter Monday'),
  ('2030-05-06', 'Early May bank holiday'),
  ('2030-05-27', 'Spring bank holiday'),
  ('2030-08-26', 'Summer bank holiday'),
  ('2030-12-25', 'Christmas Day'),
  ('2030-12-26', 'Boxing Day');
--> statement-breakpoint
-- The national referral queue: referrals from outside England and Wales, or from an area whose force
-- has no organisation in this deployment, land here. Its id is NATIONAL_HUB_ORG_ID in the code.
INSERT INTO organisations (id, code, name, kind, force_code, prevent_duty) VALUES
  ('00000000-0000-4000-8000-000000000001', 'ctp-national-hub', 'Counter Terrorism Policing national referral hub', 'national_police_hub', NULL, true);
