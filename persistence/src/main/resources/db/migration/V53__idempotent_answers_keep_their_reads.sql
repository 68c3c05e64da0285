-- A2, O6: the reads of end-user data a request recorded (end_user_data.read, under a BAA or not), kept with its
-- answer as a JSON array of {kind, resource_type, resource_id, count}, so that a replay of the answer, which runs
-- nothing, records them again under a BAA as it holds at the replay. Until now a route had to be marked by hand
-- (@AnswersEndUser) for its replays to be recorded, and nothing made a new route carry the mark. '[]': the request
-- recorded none. NULL: an answer stored before this version (at most 24 hours before it); its replay records what
-- the one route marked then recorded (PATCH /end-users/{id}: its end user).
ALTER TABLE idempotency_keys ADD COLUMN reads jsonb;
