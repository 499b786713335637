BEGIN TRANSACTION;
CREATE TABLE cohorts (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	facilitator_name VARCHAR(200) NOT NULL, 
	starts_on VARCHAR(10), 
	ends_on VARCHAR(10), 
	created_at DATETIME NOT NULL, 
	archived_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
INSERT INTO "cohorts" VALUES(1,'Southside March 2027','Robin Ng','2027-03-01','2027-05-30','2026-12-01 23:13:57.672817',NULL);
INSERT INTO "cohorts" VALUES(2,'Northside Feb 2027','Sam Okafor',NULL,NULL,'2026-12-01 23:13:57.678248',NULL);
CREATE TABLE links (
	id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	created_at DATETIME NOT NULL, 
	revoked_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(participant_id) REFERENCES participants (id) ON DELETE CASCADE, 
	UNIQUE (token_hash)
);
INSERT INTO "links" VALUES(1,1,'77480219308bb3975e486221b4361770c96d82e0734c359c2339bb8708ebab05','2026-12-01 23:13:57.709281',NULL);
INSERT INTO "links" VALUES(2,2,'c4e8f936fdc67d5cf0bbd7091d3bb4e6ffa013087ad892618f5eba71c743b965','2026-12-01 23:13:57.710291',NULL);
INSERT INTO "links" VALUES(3,3,'192c146858a1c8276d5b2458389ede222ee060e2f6f97672af7c069ea4fb4396','2026-12-01 23:13:57.714926',NULL);
INSERT INTO "links" VALUES(4,4,'d1f00c5ef23879232720fb1094665c811ac173694f5119f661f0e6367a4c6495','2026-12-01 23:13:57.715274','2026-12-01 23:13:57.716231');
INSERT INTO "links" VALUES(5,5,'b2badc117b857b09f77ae65c73ea653c4dc093e5427fd6830fb49451ca394be6','2026-12-01 23:13:57.715541',NULL);
INSERT INTO "links" VALUES(6,6,'274b15fc312c85a64f452c8e0cfb53ca24c704e7b73a8f753696124b44c1e2d9','2026-12-01 23:13:57.715779',NULL);
INSERT INTO "links" VALUES(7,7,'8e6462fd9504e8ee8a5131788265da5bce151eea4f30715df1527918eaff0b82','2026-12-01 23:13:57.716002',NULL);
INSERT INTO "links" VALUES(8,4,'172acc170ff2b8840bd34672aa26f9d35a97a51ec1f525ad7b90bf27dc400685','2026-12-01 23:13:57.716231',NULL);
CREATE TABLE meta (
	"key" VARCHAR(64) NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
);
INSERT INTO "meta" VALUES('schema_version','1');
CREATE TABLE participants (
	id INTEGER NOT NULL, 
	public_id VARCHAR(32) NOT NULL, 
	cohort_id INTEGER, 
	login VARCHAR(200), 
	kind VARCHAR(16) NOT NULL, 
	display_name VARCHAR(200) NOT NULL, 
	agency VARCHAR(200) NOT NULL, 
	role VARCHAR(200) NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (public_id), 
	FOREIGN KEY(cohort_id) REFERENCES cohorts (id) ON DELETE CASCADE, 
	UNIQUE (login)
);
INSERT INTO "participants" VALUES(1,'pdeeb8e2aa4',1,NULL,'facilitator','Robin Ng','','','2026-12-01 23:13:57.687835');
INSERT INTO "participants" VALUES(2,'pf5ff8af4c6',2,NULL,'facilitator','Sam Okafor','','','2026-12-01 23:13:57.690025');
INSERT INTO "participants" VALUES(3,'p86d6d3590a',1,NULL,'trainee','Ana Lee','Family Support Service','Case worker','2026-12-01 23:13:57.694919');
INSERT INTO "participants" VALUES(4,'p5b7e978a40',1,NULL,'trainee','Ben Cho','Housing SA','Tenancy worker','2026-12-01 23:13:57.695998');
INSERT INTO "participants" VALUES(5,'p99d46efb64',1,NULL,'trainee','Cat Diaz','Mental Health','Clinician','2026-12-01 23:13:57.696801');
INSERT INTO "participants" VALUES(6,'p67ec3fea76',1,NULL,'trainee','Dee Walker','Aboriginal Community Controlled Health','Family wellbeing worker','2026-12-01 23:13:57.697550');
INSERT INTO "participants" VALUES(7,'p5101d1de6d',2,NULL,'trainee','Xi Wu','Child Protection','Practitioner','2026-12-01 23:13:57.698212');
INSERT INTO "participants" VALUES(8,'p8a733ad599',NULL,'self','self','You','','','2026-12-01 23:13:57.708081');
INSERT INTO "participants" VALUES(9,'p230a8158d8',NULL,'hub:jmiller','hub','jmiller','','','2026-12-01 23:13:57.708846');
CREATE TABLE posts (
	id INTEGER NOT NULL, 
	cohort_id INTEGER, 
	author_id INTEGER, 
	space VARCHAR(16) NOT NULL, 
	anonymous BOOLEAN NOT NULL, 
	body_json TEXT NOT NULL, 
	group_id INTEGER, 
	status VARCHAR(16) NOT NULL, 
	surfaced_at DATETIME, 
	hidden_at DATETIME, 
	hidden_by INTEGER, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(cohort_id) REFERENCES cohorts (id) ON DELETE CASCADE, 
	FOREIGN KEY(author_id) REFERENCES participants (id) ON DELETE CASCADE, 
	FOREIGN KEY(hidden_by) REFERENCES participants (id) ON DELETE SET NULL
);
INSERT INTO "posts" VALUES(1,1,3,'jargon',0,'{"term": "ITP", "meaning": "Individual transition plan", "field": "disability"}',1,'visible',NULL,NULL,NULL,'2026-12-01 23:13:57.796051','2026-12-01 23:13:57.796051');
INSERT INTO "posts" VALUES(2,1,4,'jargon',0,'{"term": "ISP", "meaning": "Individual support plan", "field": "housing"}',1,'visible',NULL,NULL,NULL,'2026-12-01 23:13:57.798009','2026-12-01 23:13:57.798009');
INSERT INTO "posts" VALUES(3,1,5,'jargon',1,'{"term": "Warm referral", "meaning": "Introducing someone in person", "field": ""}',3,'visible',NULL,NULL,NULL,'2026-12-01 23:13:57.798790','2026-12-01 23:13:57.798790');
INSERT INTO "posts" VALUES(4,1,5,'jargon',0,'{"term": "=HYPERLINK(\"x\")", "meaning": "a formula-looking term", "field": ""}',4,'hidden',NULL,'2026-12-01 23:13:57.828939',1,'2026-12-01 23:13:57.801671','2026-12-01 23:13:57.828939');
INSERT INTO "posts" VALUES(5,2,7,'jargon',0,'{"term": "Notification", "meaning": "A report to child protection", "field": "child protection"}',5,'visible',NULL,NULL,NULL,'2026-12-01 23:13:57.802260','2026-12-01 23:13:57.802260');
INSERT INTO "posts" VALUES(6,NULL,8,'jargon',0,'{"term": "My own term", "meaning": "only mine", "field": ""}',6,'visible',NULL,NULL,NULL,'2026-12-01 23:13:57.803478','2026-12-01 23:13:57.803478');
INSERT INTO "posts" VALUES(7,1,4,'elephant',1,'{"text": "We never talk about caseloads."}',NULL,'visible','2026-12-01 23:13:57.805012',NULL,NULL,'2026-12-01 23:13:57.804104','2026-12-01 23:13:57.805012');
INSERT INTO "posts" VALUES(8,1,5,'elephant',1,'{"text": "Not surfaced: who gets the credit."}',NULL,'visible',NULL,NULL,NULL,'2026-12-01 23:13:57.804600','2026-12-01 23:13:57.804600');
INSERT INTO "posts" VALUES(9,1,NULL,'agreement',1,'{"kind": "starting_point", "text": "We listen to each other and contribute without judgement."}',NULL,'visible',NULL,NULL,NULL,'2026-12-01 23:13:57.809694','2026-12-01 23:13:57.809706');
INSERT INTO "posts" VALUES(10,1,NULL,'agreement',1,'{"kind": "starting_point", "text": "We notice our differences with curiosity, and ask about them rather than argue."}',NULL,'visible',NULL,NULL,NULL,'2026-12-01 23:13:57.809695','2026-12-01 23:13:57.809889');
INSERT INTO "posts" VALUES(11,1,NULL,'agreement',1,'{"kind": "starting_point", "text": "We remember that the system shapes our work: problems are not just the fault of the people in the room."}',NULL,'visible',NULL,NULL,NULL,'2026-12-01 23:13:57.809696','2026-12-01 23:13:57.810016');
INSERT INTO "posts" VALUES(12,1,NULL,'agreement',1,'{"kind": "starting_point", "text": "We make time for critical reflection in every meeting."}',NULL,'visible',NULL,NULL,NULL,'2026-12-01 23:13:57.809697','2026-12-01 23:13:57.810185');
INSERT INTO "posts" VALUES(13,1,3,'agreement',0,'{"kind": "suggestion", "text": "Phones face down."}',NULL,'visible',NULL,NULL,NULL,'2026-12-01 23:13:57.817473','2026-12-01 23:13:57.817473');
INSERT INTO "posts" VALUES(14,1,4,'agreement',1,'{"kind": "suggestion", "text": "No acronyms without explaining them."}',NULL,'visible',NULL,NULL,NULL,'2026-12-01 23:13:57.818082','2026-12-01 23:13:57.818082');
INSERT INTO "posts" VALUES(15,1,1,'agreed',0,'{"items": ["We listen without judgement.", "Phones face down."]}',NULL,'visible',NULL,NULL,NULL,'2026-12-01 23:13:57.818473','2026-12-01 23:13:57.823685');
INSERT INTO "posts" VALUES(16,NULL,8,'agreement',1,'{"kind": "starting_point", "text": "We listen to each other and contribute without judgement."}',NULL,'visible',NULL,NULL,NULL,'2026-12-01 23:13:57.825484','2026-12-01 23:13:57.825496');
INSERT INTO "posts" VALUES(17,NULL,8,'agreement',1,'{"kind": "starting_point", "text": "We notice our differences with curiosity, and ask about them rather than argue."}',NULL,'visible',NULL,NULL,NULL,'2026-12-01 23:13:57.825485','2026-12-01 23:13:57.825672');
INSERT INTO "posts" VALUES(18,NULL,8,'agreement',1,'{"kind": "starting_point", "text": "We remember that the system shapes our work: problems are not just the fault of the people in the room."}',NULL,'visible',NULL,NULL,NULL,'2026-12-01 23:13:57.825486','2026-12-01 23:13:57.825799');
INSERT INTO "posts" VALUES(19,NULL,8,'agreement',1,'{"kind": "starting_point", "text": "We make time for critical reflection in every meeting."}',NULL,'visible',NULL,NULL,NULL,'2026-12-01 23:13:57.825487','2026-12-01 23:13:57.825911');
CREATE TABLE progress (
	participant_id INTEGER NOT NULL, 
	module_id VARCHAR(100) NOT NULL, 
	first_visit_at DATETIME NOT NULL, 
	last_visit_at DATETIME NOT NULL, 
	completed_at DATETIME, 
	seconds_spent INTEGER NOT NULL, 
	PRIMARY KEY (participant_id, module_id), 
	FOREIGN KEY(participant_id) REFERENCES participants (id) ON DELETE CASCADE
);
INSERT INTO "progress" VALUES(3,'00_welcome','2026-12-01 23:13:57.717875','2026-12-01 23:13:57.729282','2026-12-01 23:13:57.729515',321);
INSERT INTO "progress" VALUES(3,'01_safe_environment','2026-12-01 23:13:57.727820','2026-12-01 23:13:57.727820',NULL,321);
INSERT INTO "progress" VALUES(3,'02_meeting_and_learning','2026-12-01 23:13:57.728421','2026-12-01 23:13:57.728421',NULL,321);
INSERT INTO "progress" VALUES(3,'03_trauma_informed','2026-12-01 23:13:57.728871','2026-12-01 23:13:57.728871',NULL,321);
INSERT INTO "progress" VALUES(4,'00_welcome','2026-12-01 23:13:57.729862','2026-12-01 23:13:57.739160','2026-12-01 23:13:57.739483',328);
INSERT INTO "progress" VALUES(4,'01_safe_environment','2026-12-01 23:13:57.730312','2026-12-01 23:13:57.730312',NULL,328);
INSERT INTO "progress" VALUES(5,'00_welcome','2026-12-01 23:13:57.739596','2026-12-01 23:13:57.740047','2026-12-01 23:13:57.740287',335);
INSERT INTO "progress" VALUES(6,'00_welcome','2026-12-01 23:13:57.740444','2026-12-01 23:13:57.741669','2026-12-01 23:13:57.741897',342);
INSERT INTO "progress" VALUES(6,'01_safe_environment','2026-12-01 23:13:57.740882','2026-12-01 23:13:57.740882',NULL,342);
INSERT INTO "progress" VALUES(6,'02_meeting_and_learning','2026-12-01 23:13:57.741279','2026-12-01 23:13:57.741279',NULL,342);
INSERT INTO "progress" VALUES(7,'00_welcome','2026-12-01 23:13:57.741982','2026-12-01 23:13:57.751121','2026-12-01 23:13:57.751429',349);
INSERT INTO "progress" VALUES(7,'01_safe_environment','2026-12-01 23:13:57.742386','2026-12-01 23:13:57.742386',NULL,349);
INSERT INTO "progress" VALUES(8,'00_welcome','2026-12-01 23:13:57.751533','2026-12-01 23:13:57.752370','2026-12-01 23:13:57.752593',356);
INSERT INTO "progress" VALUES(8,'01_safe_environment','2026-12-01 23:13:57.751973','2026-12-01 23:13:57.751973',NULL,356);
INSERT INTO "progress" VALUES(9,'00_welcome','2026-12-01 23:13:57.752676','2026-12-01 23:13:57.753066','2026-12-01 23:13:57.753285',363);
CREATE TABLE reactions (
	id INTEGER NOT NULL, 
	post_id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	body_json TEXT, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (post_id, participant_id, kind), 
	FOREIGN KEY(post_id) REFERENCES posts (id) ON DELETE CASCADE, 
	FOREIGN KEY(participant_id) REFERENCES participants (id) ON DELETE CASCADE
);
INSERT INTO "reactions" VALUES(1,1,6,'didnt_know',NULL,'2026-12-01 23:13:57.800114');
INSERT INTO "reactions" VALUES(2,1,4,'didnt_know',NULL,'2026-12-01 23:13:57.801180');
INSERT INTO "reactions" VALUES(3,9,3,'endorse',NULL,'2026-12-01 23:13:57.817127');
CREATE TABLE reflection_feedback (
	id INTEGER NOT NULL, 
	reflection_id INTEGER NOT NULL, 
	version INTEGER NOT NULL, 
	comment TEXT NOT NULL, 
	score FLOAT, 
	max_score FLOAT, 
	source VARCHAR(16) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	released_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (reflection_id, version), 
	FOREIGN KEY(reflection_id) REFERENCES reflections (id) ON DELETE CASCADE
);
INSERT INTO "reflection_feedback" VALUES(1,1,2,'Thanks Ana, good link to practice.',4.0,5.0,'facilitator','2026-12-01 23:13:57.772927','2026-12-01 23:13:57.772927','2026-12-01 23:13:57.777460');
INSERT INTO "reflection_feedback" VALUES(2,4,1,'Draft feedback, not released.',NULL,NULL,'nbgrader','2026-12-01 23:13:57.781141','2026-12-01 23:13:57.781141',NULL);
CREATE TABLE reflection_versions (
	id INTEGER NOT NULL, 
	reflection_id INTEGER NOT NULL, 
	version INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	visibility VARCHAR(16) NOT NULL, 
	submitted_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (reflection_id, version), 
	FOREIGN KEY(reflection_id) REFERENCES reflections (id) ON DELETE CASCADE
);
INSERT INTO "reflection_versions" VALUES(1,1,1,'First go: I want to learn how housing works.','private','2026-12-01 23:13:57.761392');
INSERT INTO "reflection_versions" VALUES(2,1,2,'Second go: how housing & family support meet <b>bold</b>.','facilitator','2026-12-01 23:13:57.771771');
INSERT INTO "reflection_versions" VALUES(3,2,1,'Power sits with whoever chairs.','cohort','2026-12-01 23:13:57.777881');
INSERT INTO "reflection_versions" VALUES(4,3,1,'Ben''s reflection, shared with the cohort.','cohort','2026-12-01 23:13:57.779231');
INSERT INTO "reflection_versions" VALUES(5,4,1,'Ben to the facilitator; feedback not yet released.','facilitator','2026-12-01 23:13:57.780115');
INSERT INTO "reflection_versions" VALUES(6,7,1,'Xi in Northside, shared with cohort.','cohort','2026-12-01 23:13:57.783262');
INSERT INTO "reflection_versions" VALUES(7,8,1,'A self-paced learner''s private note.','private','2026-12-01 23:13:57.784040');
INSERT INTO "reflection_versions" VALUES(8,9,1,'Hub user''s note.','private','2026-12-01 23:13:57.785150');
CREATE TABLE reflections (
	id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	prompt_id VARCHAR(100) NOT NULL, 
	module_id VARCHAR(100) NOT NULL, 
	draft_text TEXT NOT NULL, 
	draft_revision INTEGER NOT NULL, 
	draft_saved_at DATETIME, 
	status VARCHAR(16) NOT NULL, 
	visibility VARCHAR(16), 
	hidden_at DATETIME, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (participant_id, prompt_id), 
	FOREIGN KEY(participant_id) REFERENCES participants (id) ON DELETE CASCADE
);
INSERT INTO "reflections" VALUES(1,3,'welcome-why-here','00_welcome','Second go: how housing & family support meet <b>bold</b>.',3,'2026-12-01 23:13:57.771771','submitted','facilitator',NULL,'2026-12-01 23:13:57.753370','2026-12-01 23:13:57.771771');
INSERT INTO "reflections" VALUES(2,3,'safe-env-power','01_safe_environment','Power sits with whoever chairs.',1,'2026-12-01 23:13:57.777881','submitted','cohort',NULL,'2026-12-01 23:13:57.777881','2026-12-01 23:13:57.777881');
INSERT INTO "reflections" VALUES(3,4,'welcome-why-here','00_welcome','Ben''s reflection, shared with the cohort.',1,'2026-12-01 23:13:57.779231','submitted','cohort','2026-12-01 23:13:57.833093','2026-12-01 23:13:57.779231','2026-12-01 23:13:57.779231');
INSERT INTO "reflections" VALUES(4,4,'safe-env-power','01_safe_environment','Ben to the facilitator; feedback not yet released.',1,'2026-12-01 23:13:57.780115','submitted','facilitator',NULL,'2026-12-01 23:13:57.780115','2026-12-01 23:13:57.780115');
INSERT INTO "reflections" VALUES(5,5,'welcome-why-here','00_welcome','',0,NULL,'passed',NULL,NULL,'2026-12-01 23:13:57.781692','2026-12-01 23:13:57.781692');
INSERT INTO "reflections" VALUES(6,6,'welcome-why-here','00_welcome','Dee''s unsent draft, with ünïcödé and emoji 🌏.',1,'2026-12-01 23:13:57.782457','draft',NULL,NULL,'2026-12-01 23:13:57.782457','2026-12-01 23:13:57.782457');
INSERT INTO "reflections" VALUES(7,7,'welcome-why-here','00_welcome','Xi in Northside, shared with cohort.',1,'2026-12-01 23:13:57.783262','submitted','cohort',NULL,'2026-12-01 23:13:57.783262','2026-12-01 23:13:57.783262');
INSERT INTO "reflections" VALUES(8,8,'welcome-why-here','00_welcome','A self-paced learner''s private note.',1,'2026-12-01 23:13:57.784040','submitted','private',NULL,'2026-12-01 23:13:57.784040','2026-12-01 23:13:57.784040');
INSERT INTO "reflections" VALUES(9,9,'welcome-why-here','00_welcome','Hub user''s note.',1,'2026-12-01 23:13:57.785150','submitted','private',NULL,'2026-12-01 23:13:57.785150','2026-12-01 23:13:57.785150');
INSERT INTO "reflections" VALUES(10,5,'safe-env-power','01_safe_environment','',2,NULL,'draft',NULL,NULL,'2026-12-01 23:13:57.785899','2026-12-01 23:13:57.787361');
CREATE TABLE scenario_plays (
	id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	scenario_id VARCHAR(100) NOT NULL, 
	role_id VARCHAR(100) NOT NULL, 
	state_json TEXT NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	ending_id VARCHAR(100), 
	started_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	finished_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(participant_id) REFERENCES participants (id) ON DELETE CASCADE
);
INSERT INTO "scenario_plays" VALUES(1,3,'hot_desk','key_worker','{"now": {"values": {"trust": 2}}}','finished','shared_desk','2026-12-01 23:13:57.787723','2026-12-01 23:13:57.790232','2026-12-01 23:13:57.790232');
INSERT INTO "scenario_plays" VALUES(2,4,'hot_desk','key_worker','{"now": {"values": {}}}','playing',NULL,'2026-12-01 23:13:57.792696','2026-12-01 23:13:57.793176',NULL);
INSERT INTO "scenario_plays" VALUES(3,5,'information_sharing','jo','{"node": "start"}','left',NULL,'2026-12-01 23:13:57.793672','2026-12-01 23:13:57.794139',NULL);
CREATE TABLE scenario_steps (
	id INTEGER NOT NULL, 
	play_id INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	node_id VARCHAR(100) NOT NULL, 
	choice_id VARCHAR(100) NOT NULL, 
	state_json TEXT NOT NULL, 
	at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (play_id, seq), 
	FOREIGN KEY(play_id) REFERENCES scenario_plays (id) ON DELETE CASCADE
);
INSERT INTO "scenario_steps" VALUES(1,1,1,'proposal','sam_volunteers','{"trust": 1}','2026-12-01 23:13:57.788771');
INSERT INTO "scenario_steps" VALUES(2,1,2,'after','finish','{"trust": 2}','2026-12-01 23:13:57.790232');
INSERT INTO "scenario_steps" VALUES(3,2,1,'proposal','__back__','{}','2026-12-01 23:13:57.793176');
CREATE INDEX ix_links_participant_id ON links (participant_id);
CREATE INDEX ix_scenario_plays_participant_id ON scenario_plays (participant_id);
CREATE INDEX ix_posts_cohort_id ON posts (cohort_id);
CREATE INDEX ix_posts_author_id ON posts (author_id);
CREATE INDEX ix_reflection_versions_reflection_id ON reflection_versions (reflection_id);
CREATE INDEX ix_reflection_feedback_reflection_id ON reflection_feedback (reflection_id);
CREATE INDEX ix_scenario_steps_play_id ON scenario_steps (play_id);
CREATE INDEX ix_reactions_post_id ON reactions (post_id);
COMMIT;
